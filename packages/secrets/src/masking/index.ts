export { createMaskingTransform } from "./masking-transform.ts";
export { MASK, type OutputMasker, SecretMasker } from "./secret-masker.ts";
export { buildSecretPatterns } from "./secret-patterns.ts";
