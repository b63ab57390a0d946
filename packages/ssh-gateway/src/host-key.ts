import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import ssh2 from "ssh2";
import { fingerprintOfBlob } from "./public-keys.ts";

export interface HostKey {
  /** OpenSSH private key text, for ssh2's Server. */
  privateKey: string;
  /** `SHA256:…`, shown to users next to the `ssh` command. */
  fingerprint: string;
}

const HOST_KEY_FILE = "ssh_host_ed25519_key";

/**
 * The gateway's host key, made once and kept in `<dir>/ssh_host_ed25519_key` (mode 600),
 * so clients see the same fingerprint after a restart.
 */
export async function loadOrCreateHostKey(dir: string): Promise<HostKey> {
  const path = join(dir, HOST_KEY_FILE);
  let privateKey: string;
  try {
    privateKey = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    privateKey = ssh2.utils.generateKeyPairSync("ed25519", {
      comment: "cairn-ssh-gateway",
    }).private;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // Written aside then renamed: two workers sharing the folder never read half a key.
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, privateKey, { mode: 0o600 });
    await rename(temporary, path);
  }
  await chmod(path, 0o600);
  return { privateKey, fingerprint: hostKeyFingerprint(privateKey) };
}

export function hostKeyFingerprint(privateKey: string): string {
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error || Array.isArray(parsed)) {
    throw new Error("The SSH host key file is not a readable OpenSSH private key.");
  }
  return fingerprintOfBlob(parsed.getPublicSSH());
}
