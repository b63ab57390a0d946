import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface SshSettings {
  /** OpenSSH private key. */
  privateKey: string;
  /** The project's own known_hosts: its first fetch records the host key, later ones check it. */
  knownHostsFile: string;
  connectTimeoutSeconds: number;
}

/**
 * Runs `fn` with a GIT_SSH_COMMAND that authenticates with the given key only. The key is
 * written to a private temporary file (0600 in a 0700 directory) for the duration of
 * `fn` and removed afterwards, whatever happens.
 */
export async function withSshCommand<T>(
  settings: SshSettings,
  fn: (sshCommand: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "cairn-ssh-"));
  try {
    const keyFile = join(dir, "deploy_key");
    const key = settings.privateKey.endsWith("\n")
      ? settings.privateKey
      : `${settings.privateKey}\n`;
    await writeFile(keyFile, key, { mode: 0o600 });
    return await fn(sshCommand(keyFile, settings));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function sshCommand(keyFile: string, settings: SshSettings): string {
  const options = [
    "IdentitiesOnly=yes",
    "IdentityAgent=none",
    "StrictHostKeyChecking=accept-new",
    `UserKnownHostsFile=${shellQuote(settings.knownHostsFile)}`,
    // Never wait for a person: no passphrase, password or host-key prompt.
    "BatchMode=yes",
    "PasswordAuthentication=no",
    "KbdInteractiveAuthentication=no",
    `ConnectTimeout=${settings.connectTimeoutSeconds}`,
    "ServerAliveInterval=15",
    "ServerAliveCountMax=4",
  ];
  return ["ssh", "-i", shellQuote(keyFile), ...options.flatMap((option) => ["-o", option])].join(
    " ",
  );
}

/** git runs GIT_SSH_COMMAND through a shell, so paths are single-quoted. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
