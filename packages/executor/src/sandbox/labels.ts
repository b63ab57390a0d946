import { randomBytes } from "node:crypto";

/** Labels carried by every Docker object a sandbox creates (containers and the network). */
export const LABEL_JOB = "cairn.job";
export const LABEL_WORKER = "cairn.worker";
export const LABEL_ROLE = "cairn.role";

/**
 * Prefix of every job bridge's host interface name. One iptables wildcard (`cairn-+`) then
 * covers all job networks; Linux allows 15 characters, so 6 + 9 random ones.
 */
export const BRIDGE_PREFIX = "cairn-";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Nine random lower-case letters and digits: names one sandbox's objects. */
export function newSandboxKey(): string {
  const bytes = randomBytes(9);
  let key = "";
  for (const byte of bytes) key += ALPHABET[byte % ALPHABET.length];
  return key;
}
