import { DecryptionError, type RotatableSecretCipher, type TEncrypted } from "./cipher.ts";

/**
 * Encrypts with one backend and decrypts with whichever backend a ciphertext names, so
 * rows written before a switch (local → vault) keep working until they are rewrapped.
 */
export class MultiBackendCipher implements RotatableSecretCipher {
  constructor(
    private readonly writerPrefix: string,
    private readonly writer: RotatableSecretCipher,
    private readonly readers: ReadonlyMap<string, RotatableSecretCipher>,
  ) {}

  encrypt(plaintext: string): Promise<TEncrypted> {
    return this.writer.encrypt(plaintext);
  }

  async decrypt(ciphertext: string): Promise<string> {
    return this.backendOf(ciphertext).decrypt(ciphertext);
  }

  async isCurrent(ciphertext: string): Promise<boolean> {
    return ciphertext.startsWith(this.writerPrefix) && this.writer.isCurrent(ciphertext);
  }

  async rewrap(ciphertext: string): Promise<TEncrypted> {
    if (ciphertext.startsWith(this.writerPrefix)) return this.writer.rewrap(ciphertext);
    return this.writer.encrypt(await this.backendOf(ciphertext).decrypt(ciphertext));
  }

  rotateKey(): Promise<number> {
    return this.writer.rotateKey();
  }

  private backendOf(ciphertext: string): RotatableSecretCipher {
    if (ciphertext.startsWith(this.writerPrefix)) return this.writer;
    for (const [prefix, reader] of this.readers) if (ciphertext.startsWith(prefix)) return reader;
    const backend = /^cairn:([a-z]+):/.exec(ciphertext)?.[1];
    throw new DecryptionError(
      backend
        ? `the ${backend} secrets backend is not configured, so this secret cannot be read`
        : "not a Cairn ciphertext",
    );
  }
}
