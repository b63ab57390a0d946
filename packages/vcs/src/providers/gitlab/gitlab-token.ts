import { createHash, timingSafeEqual } from "node:crypto";
import type { SignatureCheck } from "../../webhook-signature.ts";

export const GITLAB_TOKEN_HEADER = "X-Gitlab-Token";

/**
 * GitLab sends the webhook's secret token itself, not a signature. Both sides are hashed
 * first so the comparison takes the same time whatever the lengths.
 */
export function verifyGitLabToken(secret: string, header: string | undefined): SignatureCheck {
  if (secret.length === 0) throw new Error("A webhook secret must not be empty.");
  if (header === undefined || header === "") {
    return { valid: false, reason: "missing", message: `Missing ${GITLAB_TOKEN_HEADER} header.` };
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (header.length > 1024 || /[\x00-\x1f\x7f]/.test(header)) {
    return {
      valid: false,
      reason: "malformed",
      message: `Malformed ${GITLAB_TOKEN_HEADER} header: expected printable text up to 1024 characters.`,
    };
  }
  if (!timingSafeEqual(digest(header), digest(secret))) {
    return {
      valid: false,
      reason: "mismatch",
      message: `${GITLAB_TOKEN_HEADER} does not match the project's webhook secret.`,
    };
  }
  return { valid: true };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
