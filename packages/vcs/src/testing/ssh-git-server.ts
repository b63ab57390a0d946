import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A real OpenSSH server on 127.0.0.1 that lets in whoever holds one of `authorizedKeys`. */
export interface SshGitServer {
  port: number;
  /** `ssh://root@127.0.0.1:<port><path>` */
  urlFor(path: string): string;
  stop(): Promise<void>;
}

export async function startSshGitServer(authorizedKeys: string[]): Promise<SshGitServer> {
  const dir = mkdtempSync(join(tmpdir(), "cairn-sshd-"));
  // sshd refuses to start without its privilege-separation directory.
  mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  const hostKey = join(dir, "host_ed25519");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey]);
  writeFileSync(join(dir, "authorized_keys"), `${authorizedKeys.join("\n")}\n`, { mode: 0o600 });
  const port = await freePort();
  writeFileSync(
    join(dir, "sshd_config"),
    [
      "ListenAddress 127.0.0.1",
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      "PermitRootLogin prohibit-password",
      "PubkeyAuthentication yes",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      // The temporary directory is not root-only, which StrictModes would refuse.
      "StrictModes no",
      "",
    ].join("\n"),
  );
  const sshd = spawn(
    "/usr/sbin/sshd",
    ["-D", "-e", "-p", String(port), "-f", join(dir, "sshd_config")],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  await waitForListening(sshd);
  return {
    port,
    urlFor: (path) => `ssh://root@127.0.0.1:${port}${path}`,
    stop: async () => {
      if (sshd.exitCode === null) {
        const exited = new Promise((resolve) => sshd.once("exit", resolve));
        sshd.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function waitForListening(sshd: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`sshd did not start: ${output}`)), 10_000);
    sshd.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Server listening")) {
        clearTimeout(timer);
        resolve();
      }
    });
    sshd.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited with ${code}: ${output}`));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("no port"));
      });
    });
  });
}
