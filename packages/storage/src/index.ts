export type { BlobStore, BlobStoreSettings, ByteRange, PutOptions } from "./blob-store.ts";
export { createBlobStore } from "./create-blob-store.ts";
export { FileBlobStore } from "./file-blob-store.ts";
export { assertValidKey, assertValidPrefix, InvalidBlobKeyError } from "./keys.ts";
export { S3BlobStore, type S3BlobStoreSettings } from "./s3-blob-store.ts";
export { blobStoreSettings, checkStorageSettings, storageSettingsShape } from "./settings.ts";
