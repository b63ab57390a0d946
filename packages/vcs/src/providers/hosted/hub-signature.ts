import { createHmac, timingSafeEqual } from "node:crypto";
import type { SignatureCheck } from "../../webhook-signature.ts";

/**
 * The `sha256=<hex HMAC-SHA256 of the raw body>` scheme GitHub introduced and Bitbucket
 * Cloud adopted; only the header's name differs. Compared in constant time over the
 * decoded bytes, so a wrong guess tells an attacker nothing.
 */
export function verifyHubSignature(
  headerName: string,
  secret: string,
  rawBody: string | Uint8Array,
  header: string | undefined,
): SignatureCheck {
  if (secret.length === 0) throw new Error("A webhook secret must not be empty.");
  if (header === undefined || header.trim() === "") {
    return { valid: false, reason: "missing", message: `Missing ${headerName} header.` };
  }
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!match?.[1]) {
    return {
      valid: false,
      reason: "malformed",
      message: `Malformed ${headerName} header: expected "sha256=" followed by 64 hex characters.`,
    };
  }
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  if (!timingSafeEqual(Buffer.from(match[1], "hex"), expected)) {
    return {
      valid: false,
      reason: "mismatch",
      message: "Signature does not match the body: wrong webhook secret or altered body.",
    };
  }
  return { valid: true };
}
