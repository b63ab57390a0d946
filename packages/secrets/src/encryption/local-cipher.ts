import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import {
  DecryptionError,
  type RotatableSecretCipher,
  SecretsBackendError,
  type TEncrypted,
} from "./cipher.ts";
import { currentVersion, type MasterKeyring, type MasterKeySource } from "./master-keyring.ts";

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const ENVELOPE = /^cairn:local:v(\d+):([^:]+):([^:]+):([^:]+):([^:]*)$/;
// The form written before envelope encryption: data directly under the master key.
const DIRECT = /^cairn:local:v(\d+):([^:]+):([^:]+):([^:]*)$/;

/**
 * Envelope encryption under a local master key: each value gets a random data key
 * (AES-256-GCM), and the data key is stored wrapped by the master key inside the ciphertext:
 * `cairn:local:v<master version>:<wrapped data key>:<iv>:<tag>:<data>` (base64 parts).
 * A rotation rewraps only the data key. Ciphertexts of the older direct form
 * `cairn:local:v<version>:<iv>:<tag>:<data>` still decrypt.
 */
export class LocalSecretCipher implements RotatableSecretCipher {
  private keyring: MasterKeyring;

  constructor(
    masterKey: Buffer,
    keyVersion = 1,
    previousKeys: Record<number, Buffer> = {},
    private readonly source?: MasterKeySource,
  ) {
    const keyring = new Map<number, Buffer>();
    for (const [version, key] of Object.entries(previousKeys)) keyring.set(Number(version), key);
    keyring.set(keyVersion, masterKey);
    this.keyring = checked(keyring);
    if (currentVersion(keyring) !== keyVersion)
      throw new SecretsBackendError("the current master key must be the highest version");
  }

  /** A cipher from the base64 master key of the CAIRN_MASTER_KEY setting. */
  static fromBase64(masterKey: string): LocalSecretCipher {
    return new LocalSecretCipher(Buffer.from(masterKey, "base64"));
  }

  /** A cipher whose keys come from a source it re-reads when it meets a newer version. */
  static fromSource(source: MasterKeySource): LocalSecretCipher {
    const keyring = source.load();
    const current = currentVersion(keyring);
    const previous = Object.fromEntries([...keyring].filter(([version]) => version !== current));
    return new LocalSecretCipher(keyring.get(current)!, current, previous, source);
  }

  get keyVersion(): number {
    return currentVersion(this.keyring);
  }

  async encrypt(plaintext: string): Promise<TEncrypted> {
    // A rotation in another process adds a version to the key file: write with it at once.
    if (this.source) this.keyring = checked(this.source.load());
    const dataKey = randomBytes(KEY_BYTES);
    const data = seal(dataKey, Buffer.from(plaintext, "utf8"));
    return this.envelope(this.keyVersion, dataKey, data);
  }

  async decrypt(ciphertext: string): Promise<string> {
    const envelope = ENVELOPE.exec(ciphertext);
    if (envelope) {
      const [, version, wrapped, iv, tag, data] = envelope as unknown as string[];
      const dataKey = this.unwrapDataKey(Number(version), wrapped!);
      return open(dataKey, iv!, tag!, data!).toString("utf8");
    }
    const direct = DIRECT.exec(ciphertext);
    if (direct) {
      const [, version, iv, tag, data] = direct as unknown as string[];
      return open(this.masterKey(Number(version)), iv!, tag!, data!).toString("utf8");
    }
    throw new DecryptionError("not a local-key ciphertext");
  }

  async isCurrent(ciphertext: string): Promise<boolean> {
    const envelope = ENVELOPE.exec(ciphertext);
    return envelope !== null && Number(envelope[1]) === this.keyVersion;
  }

  /** Moves a ciphertext to the current master key; for the envelope form, the data stays as is. */
  async rewrap(ciphertext: string): Promise<TEncrypted> {
    const envelope = ENVELOPE.exec(ciphertext);
    if (!envelope) return this.encrypt(await this.decrypt(ciphertext));
    const [, version, wrapped, iv, tag, data] = envelope as unknown as string[];
    const dataKey = this.unwrapDataKey(Number(version), wrapped!);
    // Checks the data too, so a damaged row is reported now rather than after its old key is gone.
    open(dataKey, iv!, tag!, data!);
    return this.envelope(this.keyVersion, dataKey, [iv!, tag!, data!]);
  }

  async rotateKey(): Promise<number> {
    if (!this.source?.addVersion) {
      throw new SecretsBackendError(
        `the master key comes from ${this.source?.description ?? "a fixed setting"}: add the new key there as <version>:<base64> (keeping the old ones), restart, then rewrap`,
      );
    }
    this.keyring = checked(this.source.addVersion());
    return this.keyVersion;
  }

  private envelope(version: number, dataKey: Buffer, data: string[]): TEncrypted {
    const wrapped = Buffer.concat(
      seal(this.masterKey(version), dataKey, aad(version)).map((part) =>
        Buffer.from(part, "base64"),
      ),
    ).toString("base64");
    return {
      ciphertext: `cairn:local:v${version}:${wrapped}:${data.join(":")}`,
      keyVersion: version,
    };
  }

  private unwrapDataKey(version: number, wrapped: string): Buffer {
    const bytes = Buffer.from(wrapped, "base64");
    const iv = bytes.subarray(0, IV_BYTES).toString("base64");
    const tag = bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES).toString("base64");
    const key = bytes.subarray(IV_BYTES + TAG_BYTES).toString("base64");
    const dataKey = open(this.masterKey(version), iv, tag, key, aad(version));
    if (dataKey.length !== KEY_BYTES) throw new DecryptionError("the wrapped data key is damaged");
    return dataKey;
  }

  private masterKey(version: number): Buffer {
    let key = this.keyring.get(version);
    if (!key && this.source && version > this.keyVersion) {
      // Another process (`cairn secrets rotate`) added a version: pick it up without a restart.
      this.keyring = checked(this.source.load());
      key = this.keyring.get(version);
    }
    if (!key) throw new DecryptionError(`no local master key of version ${version} is configured`);
    return key;
  }
}

const aad = (version: number) => Buffer.from(`cairn:local:v${version}`);

function checked(keyring: MasterKeyring): MasterKeyring {
  for (const key of keyring.values()) {
    if (key.length !== KEY_BYTES)
      throw new SecretsBackendError(
        "a local master key must be 32 bytes (base64 of 32 random bytes)",
      );
  }
  return keyring;
}

/** AES-256-GCM; returns [iv, tag, data] in base64. */
function seal(key: Buffer, plaintext: Buffer, additionalData?: Buffer): string[] {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  if (additionalData) cipher.setAAD(additionalData);
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((part) => part.toString("base64"));
}

function open(key: Buffer, iv: string, tag: string, data: string, additionalData?: Buffer): Buffer {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"), {
      authTagLength: TAG_BYTES,
    });
    if (additionalData) decipher.setAAD(additionalData);
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]);
  } catch {
    throw new DecryptionError(
      "the ciphertext does not match the master key (wrong key or tampered)",
    );
  }
}
