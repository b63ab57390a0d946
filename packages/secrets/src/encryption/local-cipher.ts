import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { DecryptionError, type SecretCipher, type TEncrypted } from "./cipher.ts";

const PREFIX = "cairn:local";
const IV_BYTES = 12;

/**
 * AES-256-GCM under a local master key. Ciphertext form:
 * `cairn:local:v<version>:<iv base64>:<tag base64>:<data base64>`.
 * Older key versions stay readable while they are listed in `previousKeys`.
 */
export class LocalSecretCipher implements SecretCipher {
  private readonly keys = new Map<number, Buffer>();

  constructor(
    masterKey: Buffer,
    private readonly keyVersion = 1,
    previousKeys: Record<number, Buffer> = {},
  ) {
    for (const [version, key] of [
      ...Object.entries(previousKeys),
      [keyVersion, masterKey],
    ] as const) {
      if (key.length !== 32)
        throw new Error("a local master key must be 32 bytes (base64 of 32 random bytes)");
      this.keys.set(Number(version), key);
    }
  }

  /** A cipher from the base64 master key of the CAIRN_MASTER_KEY setting. */
  static fromBase64(masterKey: string): LocalSecretCipher {
    return new LocalSecretCipher(Buffer.from(masterKey, "base64"));
  }

  async encrypt(plaintext: string): Promise<TEncrypted> {
    const key = this.keys.get(this.keyVersion)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), data].map((part) => part.toString("base64"));
    return {
      ciphertext: `${PREFIX}:v${this.keyVersion}:${parts.join(":")}`,
      keyVersion: this.keyVersion,
    };
  }

  async decrypt(ciphertext: string): Promise<string> {
    const match = /^cairn:local:v(\d+):([^:]+):([^:]+):([^:]*)$/.exec(ciphertext);
    if (!match) throw new DecryptionError("not a local-key ciphertext");
    const [, version, iv, tag, data] = match as unknown as [string, string, string, string, string];
    const key = this.keys.get(Number(version));
    if (!key) throw new DecryptionError(`no local master key of version ${version} is configured`);
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
      decipher.setAuthTag(Buffer.from(tag, "base64"));
      return Buffer.concat([
        decipher.update(Buffer.from(data, "base64")),
        decipher.final(),
      ]).toString("utf8");
    } catch {
      throw new DecryptionError(
        "the ciphertext does not match the master key (wrong key or tampered)",
      );
    }
  }
}
