/**
 * Encrypts the secrets Cairn keeps at rest (env vars, deploy keys, webhook secrets).
 * Ciphertexts name the key version that made them, so a rotation can find old rows.
 */
export interface SecretCipher {
  encrypt(plaintext: string): Promise<TEncrypted>;
  decrypt(ciphertext: string): Promise<string>;
}

export interface TEncrypted {
  ciphertext: string;
  keyVersion: number;
}

/** A ciphertext that cannot be read: wrong key, tampered or truncated. Never names the value. */
export class DecryptionError extends Error {
  override name = "DecryptionError";
}
