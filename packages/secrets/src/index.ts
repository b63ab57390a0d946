export {
  DecryptionError,
  type RotatableSecretCipher,
  type SecretCipher,
  SecretsBackendError,
  type TEncrypted,
} from "./encryption/cipher.ts";
export {
  createSecretCipher,
  defaultMasterKeyFile,
  masterKeyFileOf,
  type TSecretsSettings,
} from "./encryption/create-secret-cipher.ts";
export { LocalSecretCipher } from "./encryption/local-cipher.ts";
export {
  FileMasterKeySource,
  type MasterKeyring,
  type MasterKeySource,
  parseMasterKeyring,
  StaticMasterKeySource,
} from "./encryption/master-keyring.ts";
export { type TVaultSettings, VaultTransitCipher } from "./encryption/vault-transit-cipher.ts";
export {
  buildSecretPatterns,
  createMaskingTransform,
  MASK,
  type OutputMasker,
  SecretMasker,
} from "./masking/index.ts";
export { rewrapStoredSecrets, type TColumnReport } from "./rotation/rewrap-stored-secrets.ts";
export { rotateSecrets, type TRotationReport } from "./rotation/rotate-secrets.ts";
export { secretsSettingsShape } from "./settings.ts";
