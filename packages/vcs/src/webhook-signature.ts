import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body>`. */
export const SIGNATURE_HEADER = "X-Cairn-Signature-256";

export type SignatureCheck =
  | { valid: true }
  | { valid: false; reason: "missing" | "malformed" | "mismatch"; message: string };

/** 32 random bytes as 64 hex characters: safe in a shell, a git config and a URL. */
export function generateWebhookSecret(): string {
  return randomBytes(32).toString("hex");
}

/** The header value for `body`: `sha256=<hex>`. */
export function signWebhookBody(secret: string, body: string | Uint8Array): string {
  return `sha256=${hmac(secret, body).toString("hex")}`;
}

/**
 * Checks a `sha256=<hex>` header against the raw request body (before any JSON parsing:
 * re-serializing would change the bytes). The comparison takes the same time whatever
 * the header holds, so a wrong signature tells an attacker nothing.
 */
export function verifyWebhookSignature(
  secret: string,
  rawBody: string | Uint8Array,
  header: string | null | undefined,
): SignatureCheck {
  if (header === null || header === undefined || header.trim() === "") {
    return {
      valid: false,
      reason: "missing",
      message: `Missing ${SIGNATURE_HEADER} header.`,
    };
  }
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!match?.[1]) {
    return {
      valid: false,
      reason: "malformed",
      message: `Malformed ${SIGNATURE_HEADER} header: expected "sha256=" followed by 64 hex characters.`,
    };
  }
  const given = Buffer.from(match[1], "hex");
  if (!timingSafeEqual(given, hmac(secret, rawBody))) {
    return {
      valid: false,
      reason: "mismatch",
      message: "Signature does not match the body: wrong webhook secret or altered body.",
    };
  }
  return { valid: true };
}

function hmac(secret: string, body: string | Uint8Array): Buffer {
  if (secret.length === 0) {
    throw new Error("A webhook secret must not be empty.");
  }
  return createHmac("sha256", secret).update(body).digest();
}
