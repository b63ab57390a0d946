import { createHash } from "node:crypto";
import ssh2 from "ssh2";
import { VcsError } from "./errors.ts";

export interface DeployKey {
  /** `ssh-ed25519 AAAA… <comment>`: what the git server's admin adds to the repository. */
  publicKey: string;
  /** OpenSSH private key (`-----BEGIN OPENSSH PRIVATE KEY-----`), unencrypted: encrypt it at rest. */
  privateKey: string;
  /** `SHA256:…` as printed by `ssh-keygen -l`. */
  fingerprint: string;
}

/** A new ed25519 key pair for one project. */
export function generateDeployKey(comment: string): DeployKey {
  if (!/^[\x20-\x7e]{0,200}$/.test(comment)) {
    throw new VcsError(
      "invalid_argument",
      "A deploy key comment must be at most 200 printable ASCII characters.",
    );
  }
  const pair = ssh2.utils.generateKeyPairSync("ed25519", { comment });
  return {
    publicKey: pair.public,
    privateKey: pair.private,
    fingerprint: fingerprintOf(pair.public),
  };
}

/** The `SHA256:…` fingerprint of a public key line (`<type> <base64> [comment]`). */
export function fingerprintOf(publicKey: string): string {
  const blob = publicKey.trim().split(/\s+/)[1];
  if (blob === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(blob)) {
    throw new VcsError("invalid_key", "Not an OpenSSH public key line (`<type> <base64> …`).");
  }
  const digest = createHash("sha256").update(Buffer.from(blob, "base64")).digest("base64");
  return `SHA256:${digest.replace(/=+$/, "")}`;
}

/**
 * Checks that a stored private key can be used before ssh is started with it, so a
 * corrupted or passphrase-protected key gets a clear message instead of ssh's prompt.
 */
export function assertUsablePrivateKey(privateKey: string): void {
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error || Array.isArray(parsed) || !parsed.isPrivateKey()) {
    throw new VcsError(
      "invalid_key",
      "The project's deploy key is not a usable unencrypted OpenSSH private key.",
    );
  }
}
