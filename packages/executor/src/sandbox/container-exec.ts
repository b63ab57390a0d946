import type Docker from "dockerode";
import { pumpAttachStream } from "./exec-stream.ts";

/** Runs a short helper command (as root) and returns its stdout and exit code. */
export async function execCapture(
  container: Docker.Container,
  cmd: string[],
): Promise<{ exitCode: number | null; stdout: string }> {
  const exec = await container.exec({
    Cmd: cmd,
    User: "0",
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out: Buffer[] = [];
  await pumpAttachStream(stream, (chunk, kind) => {
    if (kind === "stdout") out.push(Buffer.from(chunk));
  });
  return { exitCode: await execExitCode(exec), stdout: Buffer.concat(out).toString("utf8") };
}

/** The exit code once Docker has recorded it (it can trail the end of the stream). */
export async function execExitCode(exec: Docker.Exec): Promise<number | null> {
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

/** SIGKILLs the process group whose leader's pid is in `pidfile` (the step and its children). */
export async function killProcessGroup(container: Docker.Container, pidfile: string) {
  // `kill -9 -PGID`: dash's kill takes no `--`.
  await execCapture(container, [
    "/bin/sh",
    "-c",
    'pid=$(cat "$1" 2>/dev/null) && [ -n "$pid" ] && kill -9 "-$pid"',
    "kill-step",
    pidfile,
  ]);
}

/**
 * How many processes the kernel's OOM killer has killed in this container so far (cgroup v1
 * memory.oom_control, or v2 memory.events); null when the image cannot tell (no cat, no /sys).
 */
export async function readOomKillCount(container: Docker.Container): Promise<number | null> {
  try {
    const { stdout } = await execCapture(container, [
      "/bin/sh",
      "-c",
      "cat /sys/fs/cgroup/memory/memory.oom_control 2>/dev/null || cat /sys/fs/cgroup/memory.events",
    ]);
    const match = /^oom_kill (\d+)$/m.exec(stdout);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** True when `path` exists in the container (a HEAD on the archive endpoint: no process). */
export async function pathExists(container: Docker.Container, path: string): Promise<boolean> {
  try {
    await container.infoArchive({ path });
    return true;
  } catch {
    return false;
  }
}
