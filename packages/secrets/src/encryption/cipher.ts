/**
 * Encrypts the secrets Cairn keeps at rest (env vars, deploy keys, webhook secrets, VCS
 * tokens). Ciphertexts name the backend and key version that made them, so a rotation can
 * find old rows.
 */
export interface SecretCipher {
  encrypt(plaintext: string): Promise<TEncrypted>;
  decrypt(ciphertext: string): Promise<string>;
}

export interface TEncrypted {
  ciphertext: string;
  keyVersion: number;
}

/** A cipher whose key can be rotated and whose old ciphertexts can be moved to the new key. */
export interface RotatableSecretCipher extends SecretCipher {
  /** Makes a new key version the one that encrypts; older versions keep decrypting. */
  rotateKey(): Promise<number>;
  /** Whether a ciphertext is already under the backend and key version that now encrypts. */
  isCurrent(ciphertext: string): Promise<boolean>;
  /** The same secret under the current key version (never exposing it where avoidable). */
  rewrap(ciphertext: string): Promise<TEncrypted>;
}

/** A ciphertext that cannot be read: wrong key, tampered or truncated. Never names the value. */
export class DecryptionError extends Error {
  override name = "DecryptionError";
}

/** The secrets backend is misconfigured or unavailable (Vault down, no master key…). */
export class SecretsBackendError extends Error {
  override name = "SecretsBackendError";
}
