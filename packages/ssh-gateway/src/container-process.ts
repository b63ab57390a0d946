import { Writable } from "node:stream";
import type Docker from "dockerode";
import type { ServerChannel } from "ssh2";

export interface PtySize {
  cols: number;
  rows: number;
}

export interface Pty extends PtySize {
  term: string;
}

/** Goes to the job's working directory (`~` expanded) if it exists, else stays home. */
const ENTER_WORKING_DIRECTORY =
  'd="$1"; cd; case "$d" in "~") ;; "~/"*) cd "$(printf %s "$d" | cut -c3-)" 2>/dev/null ;; *) cd "$d" 2>/dev/null ;; esac';

/** A login shell: bash when the image has it, else sh. */
export const loginShellCommand = (workingDirectory: string) => [
  "/bin/sh",
  "-c",
  `${ENTER_WORKING_DIRECTORY}; if command -v bash >/dev/null 2>&1; then exec bash -l; fi; exec sh -l`,
  "cairn-shell",
  workingDirectory,
];

/** `ssh host cmd`: the command through the shell, like sshd does. */
export const execCommand = (workingDirectory: string, command: string) => [
  "/bin/sh",
  "-c",
  `${ENTER_WORKING_DIRECTORY}; exec /bin/sh -c "$2"`,
  "cairn-exec",
  workingDirectory,
  command,
];

/** The image's sftp-server, wherever its distribution puts it. */
export const SFTP_SERVER_COMMAND = [
  "/bin/sh",
  "-c",
  'for p in /usr/lib/openssh/sftp-server /usr/libexec/openssh/sftp-server /usr/lib/ssh/sftp-server /usr/libexec/sftp-server /usr/lib/sftp-server; do [ -x "$p" ] && exec "$p"; done; echo "sftp is not available: this image has no sftp-server (Debian: apt-get install openssh-sftp-server). scp -O still works when the image has scp." >&2; exit 127',
];

/** A process in the container wired to an SSH channel; `resize` follows window changes. */
export interface ContainerProcess {
  resize(size: PtySize): void;
  /** Stops forwarding (the process gets SIGHUP when it has a terminal). */
  detach(): void;
  /** Resolves with the exit code (null if Docker could not tell) once the process ended. */
  exited: Promise<number | null>;
}

/**
 * Runs `cmd` with `docker exec` in the container and joins it to the channel: input in,
 * output (and stderr, without a terminal) out, EOF passed on, the exit code at the end.
 */
export async function startContainerProcess(
  container: Docker.Container,
  channel: ServerChannel,
  cmd: string[],
  pty: Pty | undefined,
): Promise<ContainerProcess> {
  const exec = await container.exec({
    Cmd: cmd,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: pty !== undefined,
    Env: pty ? [`TERM=${pty.term || "xterm"}`] : [],
  });
  const stream = (await exec.start({
    hijack: true,
    stdin: true,
    Tty: pty !== undefined,
    // The first size travels with the start (Docker API 1.42+), so the shell never sees 0x0.
    ...(pty ? { ConsoleSize: [pty.rows, pty.cols] } : {}),
  })) as NodeJS.ReadWriteStream | (NodeJS.ReadWriteStream & { destroy(): void });
  let latest: PtySize | undefined = pty;
  const resize = (size: PtySize) => {
    latest = size;
    if (pty) void exec.resize({ h: size.rows, w: size.cols }).catch(() => undefined);
  };
  if (pty) {
    // Older engines ignore ConsoleSize, and a resize sent before the process is up is lost:
    // send it now and once more a moment later.
    resize(pty);
    setTimeout(() => latest && resize(latest), 150).unref();
  }

  const toChannel = (write: (chunk: Buffer) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        write(chunk);
        callback();
      },
    });
  if (pty) {
    stream.on("data", (chunk: Buffer) => channel.write(chunk));
  } else {
    // Without a terminal Docker multiplexes stdout and stderr on one stream.
    container.modem.demuxStream(
      stream,
      toChannel((chunk) => channel.write(chunk)),
      toChannel((chunk) => channel.stderr.write(chunk)),
    );
  }
  channel.on("data", (chunk: Buffer) => stream.write(chunk));
  channel.on("end", () => stream.end());

  const exited = new Promise<number | null>((resolve) => {
    let settled = false;
    const finish = async () => {
      if (settled) return;
      settled = true;
      resolve(await exitCodeOf(exec));
    };
    stream.on("end", () => void finish());
    stream.on("close", () => void finish());
    stream.on("error", () => void finish());
  });
  return {
    resize,
    detach: () => {
      if ("destroy" in stream) stream.destroy();
    },
    exited,
  };
}

/** Docker records the exit code a moment after the stream ends. */
async function exitCodeOf(exec: Docker.Exec): Promise<number | null> {
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      const info = await exec.inspect();
      if (!info.Running) return info.ExitCode ?? null;
    } catch {
      return null;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return null;
}
