export { DecryptionError, type SecretCipher, type TEncrypted } from "./encryption/cipher.ts";
export { LocalSecretCipher } from "./encryption/local-cipher.ts";
export {
  buildSecretPatterns,
  createMaskingTransform,
  MASK,
  type OutputMasker,
  SecretMasker,
} from "./masking/index.ts";
