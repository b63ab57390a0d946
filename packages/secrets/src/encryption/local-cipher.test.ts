import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DecryptionError } from "./cipher.ts";
import { LocalSecretCipher } from "./local-cipher.ts";

describe("LocalSecretCipher", () => {
  const key = randomBytes(32);

  it("round-trips text, and never shows the value in the ciphertext", async () => {
    const cipher = new LocalSecretCipher(key);
    const secret = "hunter2-is-not-a-password ✓";
    const { ciphertext, keyVersion } = await cipher.encrypt(secret);
    expect(keyVersion).toBe(1);
    expect(ciphertext).toMatch(/^cairn:local:v1:/);
    expect(ciphertext).not.toContain("hunter2");
    await expect(cipher.decrypt(ciphertext)).resolves.toBe(secret);
  });

  it("uses a fresh IV each time", async () => {
    const cipher = new LocalSecretCipher(key);
    const [a, b] = await Promise.all([cipher.encrypt("same"), cipher.encrypt("same")]);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it("refuses a tampered ciphertext or another key", async () => {
    const { ciphertext } = await new LocalSecretCipher(key).encrypt("value");
    const parts = ciphertext.split(":");
    const data = Buffer.from(parts[5]!, "base64");
    data[0] = (data[0]! + 1) % 256;
    parts[5] = data.toString("base64");
    await expect(new LocalSecretCipher(key).decrypt(parts.join(":"))).rejects.toThrow(
      DecryptionError,
    );
    await expect(new LocalSecretCipher(randomBytes(32)).decrypt(ciphertext)).rejects.toThrow(
      "wrong key or tampered",
    );
    await expect(new LocalSecretCipher(key).decrypt("plain text")).rejects.toThrow(DecryptionError);
  });

  it("reads older key versions kept as previous keys, and writes with the current one", async () => {
    const old = randomBytes(32);
    const { ciphertext } = await new LocalSecretCipher(old, 1).encrypt("kept");
    const rotated = new LocalSecretCipher(key, 2, { 1: old });
    await expect(rotated.decrypt(ciphertext)).resolves.toBe("kept");
    expect((await rotated.encrypt("new")).keyVersion).toBe(2);
    await expect(new LocalSecretCipher(key, 2).decrypt(ciphertext)).rejects.toThrow("version 1");
  });

  it("rejects a master key of the wrong size", () => {
    expect(() => LocalSecretCipher.fromBase64(Buffer.alloc(16).toString("base64"))).toThrow(
      "32 bytes",
    );
  });
});
