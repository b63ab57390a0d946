import type { BlobStore, BlobStoreSettings } from "./blob-store.ts";
import { FileBlobStore } from "./file-blob-store.ts";
import { S3BlobStore } from "./s3-blob-store.ts";

export function createBlobStore(settings: BlobStoreSettings): BlobStore {
  switch (settings.kind) {
    case "filesystem":
      if (!settings.root) throw new Error("Filesystem blob store: a root directory is required");
      return new FileBlobStore(settings.root);
    case "s3":
      return new S3BlobStore(settings);
    default:
      throw new Error(
        `Unknown blob store kind ${JSON.stringify((settings as { kind: unknown }).kind)}: use "filesystem" or "s3"`,
      );
  }
}
