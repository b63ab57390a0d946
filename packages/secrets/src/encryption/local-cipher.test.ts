import { createCipheriv, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DecryptionError, SecretsBackendError } from "./cipher.ts";
import { LocalSecretCipher } from "./local-cipher.ts";
import { FileMasterKeySource, parseMasterKeyring } from "./master-keyring.ts";

/** A ciphertext of the form written before envelope encryption, as projects store them. */
function directFormCiphertext(key: Buffer, version: number, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), data].map((part) => part.toString("base64"));
  return `cairn:local:v${version}:${parts.join(":")}`;
}

const flipFirstByte = (ciphertext: string, part: number) => {
  const parts = ciphertext.split(":");
  const bytes = Buffer.from(parts[part]!, "base64");
  bytes[0] = (bytes[0]! + 1) % 256;
  parts[part] = bytes.toString("base64");
  return parts.join(":");
};

describe("LocalSecretCipher", () => {
  const key = randomBytes(32);
  const dir = mkdtempSync(join(tmpdir(), "cairn-keys-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("round-trips text in the envelope form, never showing the value", async () => {
    const cipher = new LocalSecretCipher(key);
    const secret = "hunter2-is-not-a-password ✓";
    const { ciphertext, keyVersion } = await cipher.encrypt(secret);
    expect(keyVersion).toBe(1);
    expect(ciphertext.split(":")).toHaveLength(7);
    expect(ciphertext).toMatch(/^cairn:local:v1:/);
    expect(ciphertext).not.toContain("hunter2");
    await expect(cipher.decrypt(ciphertext)).resolves.toBe(secret);
  });

  it("uses a fresh data key and IV each time", async () => {
    const cipher = new LocalSecretCipher(key);
    const [a, b] = await Promise.all([cipher.encrypt("same"), cipher.encrypt("same")]);
    expect(a.ciphertext.split(":")[3]).not.toBe(b.ciphertext.split(":")[3]);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it("still decrypts the direct form already stored, via fromBase64", async () => {
    const stored = directFormCiphertext(key, 1, "legacy value");
    await expect(
      LocalSecretCipher.fromBase64(key.toString("base64")).decrypt(stored),
    ).resolves.toBe("legacy value");
  });

  it("fails closed on tampering (wrapped key, tag or data), another key, or garbage", async () => {
    const { ciphertext } = await new LocalSecretCipher(key).encrypt("value");
    for (const part of [3, 5, 6]) {
      await expect(
        new LocalSecretCipher(key).decrypt(flipFirstByte(ciphertext, part)),
      ).rejects.toThrow(DecryptionError);
    }
    await expect(new LocalSecretCipher(randomBytes(32)).decrypt(ciphertext)).rejects.toThrow(
      "wrong key or tampered",
    );
    const legacy = directFormCiphertext(key, 1, "value");
    await expect(new LocalSecretCipher(key).decrypt(flipFirstByte(legacy, 5))).rejects.toThrow(
      DecryptionError,
    );
    await expect(new LocalSecretCipher(key).decrypt("plain text")).rejects.toThrow(DecryptionError);
  });

  it("reads older versions kept as previous keys, and writes with the current one", async () => {
    const old = randomBytes(32);
    const { ciphertext } = await new LocalSecretCipher(old, 1).encrypt("kept");
    const rotated = new LocalSecretCipher(key, 2, { 1: old });
    await expect(rotated.decrypt(ciphertext)).resolves.toBe("kept");
    expect((await rotated.encrypt("new")).keyVersion).toBe(2);
    await expect(new LocalSecretCipher(key, 2).decrypt(ciphertext)).rejects.toThrow("version 1");
  });

  it("rewraps only the data key, after which the old master key is not needed", async () => {
    const old = randomBytes(32);
    const { ciphertext } = await new LocalSecretCipher(old, 1).encrypt("moved");
    const rotated = new LocalSecretCipher(key, 2, { 1: old });
    expect(await rotated.isCurrent(ciphertext)).toBe(false);
    const next = await rotated.rewrap(ciphertext);
    expect(next.keyVersion).toBe(2);
    expect(next.ciphertext.split(":").slice(4)).toEqual(ciphertext.split(":").slice(4));
    expect(await rotated.isCurrent(next.ciphertext)).toBe(true);
    await expect(new LocalSecretCipher(key, 2).decrypt(next.ciphertext)).resolves.toBe("moved");
    const legacy = await rotated.rewrap(directFormCiphertext(old, 1, "old form"));
    await expect(new LocalSecretCipher(key, 2).decrypt(legacy.ciphertext)).resolves.toBe(
      "old form",
    );
  });

  it("rotates a key file (0600) and picks up versions another process added", async () => {
    const file = join(dir, "master.key");
    writeFileSync(file, `${key.toString("base64")}\n`, { mode: 0o600 });
    const running = LocalSecretCipher.fromSource(new FileMasterKeySource(file));
    const rotating = LocalSecretCipher.fromSource(new FileMasterKeySource(file));
    await expect(rotating.rotateKey()).resolves.toBe(2);
    expect((await running.encrypt("written by a running app")).keyVersion).toBe(2);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const written = await rotating.encrypt("after rotation");
    expect(written.keyVersion).toBe(2);
    await expect(running.decrypt(written.ciphertext)).resolves.toBe("after rotation");
    expect(running.keyVersion).toBe(2);
    new FileMasterKeySource(file).retireOlderVersions();
    expect([...parseMasterKeyring(readFileSync(file, "utf8"), "file").keys()]).toEqual([2]);
  });

  it("cannot rotate a key given in a setting, and says what to do", async () => {
    await expect(new LocalSecretCipher(key).rotateKey()).rejects.toThrow(SecretsBackendError);
  });

  it("rejects master keys of the wrong size or a malformed keyring", () => {
    expect(() => LocalSecretCipher.fromBase64(Buffer.alloc(16).toString("base64"))).toThrow(
      "32 bytes",
    );
    expect(() => parseMasterKeyring("1:abc 2:def", "CAIRN_MASTER_KEY")).toThrow(
      "CAIRN_MASTER_KEY: each master key must be base64 of 32 random bytes",
    );
    const a = randomBytes(32).toString("base64");
    expect(() => parseMasterKeyring(`${a} ${a}`, "x")).toThrow("<version>:<base64>");
    expect([...parseMasterKeyring(`2:${a},1:${a}`, "x").keys()]).toEqual([2, 1]);
  });
});
