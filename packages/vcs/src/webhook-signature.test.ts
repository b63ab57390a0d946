import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  generateWebhookSecret,
  signWebhookBody,
  verifyWebhookSignature,
} from "./webhook-signature.ts";

const secret = "0123456789abcdef0123456789abcdef";
const body = '{"ref":"refs/heads/main","before":"","after":"abc"}';

describe("webhook signatures", () => {
  it("generates distinct 64-hex secrets", () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(generateWebhookSecret()).not.toBe(a);
  });

  it("signs as sha256=<hex HMAC-SHA256> of the body", () => {
    const expected = createHmac("sha256", secret).update(body).digest("hex");
    expect(signWebhookBody(secret, body)).toBe(`sha256=${expected}`);
    expect(signWebhookBody(secret, Buffer.from(body))).toBe(`sha256=${expected}`);
  });

  it("accepts a correct signature, whatever the hex case", () => {
    const header = signWebhookBody(secret, body);
    expect(verifyWebhookSignature(secret, body, header)).toEqual({ valid: true });
    expect(
      verifyWebhookSignature(
        secret,
        Buffer.from(body),
        header.toUpperCase().replace("SHA256", "sha256"),
      ),
    ).toEqual({
      valid: true,
    });
  });

  it("rejects a tampered body and a wrong secret as a mismatch", () => {
    const header = signWebhookBody(secret, body);
    const tampered = verifyWebhookSignature(secret, body.replace("main", "mainx"), header);
    expect(tampered).toMatchObject({ valid: false, reason: "mismatch" });
    const wrongSecret = verifyWebhookSignature(`${secret}x`, body, header);
    expect(wrongSecret).toMatchObject({ valid: false, reason: "mismatch" });
  });

  it.each([
    [undefined, "missing"],
    [null, "missing"],
    ["", "missing"],
    ["sha1=0123", "malformed"],
    ["sha256=", "malformed"],
    ["sha256=zz", "malformed"],
    [`sha256=${"a".repeat(63)}`, "malformed"],
    [`sha256=${"a".repeat(65)}`, "malformed"],
    [`${"a".repeat(64)}`, "malformed"],
    [`sha256=${"a".repeat(64)}, sha256=${"b".repeat(64)}`, "malformed"],
  ])("rejects header %j as %s with a message", (header, reason) => {
    const result = verifyWebhookSignature(secret, body, header);
    expect(result).toMatchObject({ valid: false, reason });
    expect(result.valid ? "" : result.message).toMatch(/X-Cairn-Signature-256/);
  });

  it("refuses an empty secret", () => {
    expect(() => signWebhookBody("", body)).toThrow(/must not be empty/);
  });
});
