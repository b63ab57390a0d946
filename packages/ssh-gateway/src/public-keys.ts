import { createHash } from "node:crypto";
import ssh2 from "ssh2";

/** A user's public key, checked and in the one form Cairn stores. */
export interface ParsedPublicKey {
  /** `<type> <base64>` without the comment (the comment is the title's job). */
  publicKey: string;
  /** e.g. `ssh-ed25519`. */
  type: string;
  /** `SHA256:…` as printed by `ssh-keygen -l`. */
  fingerprint: string;
}

/** Why a submitted key was refused; the message is safe to show. */
export class InvalidPublicKeyError extends Error {
  override name = "InvalidPublicKeyError";
}

const MAX_KEY_LENGTH = 16 * 1024;

/** The `SHA256:…` fingerprint of a raw public key blob (the base64-decoded middle field). */
export function fingerprintOfBlob(blob: Buffer): string {
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

/**
 * Parses one OpenSSH public key line (`ssh-ed25519 AAAA… comment`). Private keys, several
 * keys at once, certificates' garbage and anything ssh2 cannot read are refused.
 */
export function parsePublicKey(line: string): ParsedPublicKey {
  const text = line.trim();
  if (text.length === 0) throw new InvalidPublicKeyError("The key is empty.");
  if (text.length > MAX_KEY_LENGTH) throw new InvalidPublicKeyError("The key is too long.");
  if (/PRIVATE KEY/.test(text)) {
    throw new InvalidPublicKeyError(
      "This is a private key. Paste the public key (the .pub file) instead; never share the private one.",
    );
  }
  if (/[\r\n]/.test(text)) throw new InvalidPublicKeyError("Paste one key, on one line.");
  const parsed = ssh2.utils.parseKey(text);
  if (parsed instanceof Error || Array.isArray(parsed) || parsed.isPrivateKey()) {
    throw new InvalidPublicKeyError(
      "Not an OpenSSH public key: expected a line like `ssh-ed25519 AAAA… you@example.com`.",
    );
  }
  const blob = parsed.getPublicSSH();
  return {
    publicKey: `${parsed.type} ${blob.toString("base64")}`,
    type: parsed.type,
    fingerprint: fingerprintOfBlob(blob),
  };
}
