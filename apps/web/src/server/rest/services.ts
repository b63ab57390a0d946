import type { Services } from "@cairn/api";
import { LocalSecretCipher } from "@cairn/secrets";
import { type BlobStore, FileBlobStore } from "@cairn/storage";
import { webEnv } from "~/env.ts";
import { db } from "../db.ts";

let services: Services | undefined;
let blobs: BlobStore | undefined;

/** The services every REST route calls, built once from the web app's settings. */
export function restServices(): Services {
  if (!services) {
    const env = webEnv();
    const dataDir = env.CAIRN_DATA_DIR;
    services = {
      db: db(),
      cipher: LocalSecretCipher.fromBase64(env.CAIRN_MASTER_KEY),
      dataDir,
      baseUrl: env.CAIRN_URL,
      orbCacheDir: env.CAIRN_ORB_CACHE_DIR ?? `${dataDir}/orbs`,
      orbRegistry: env.CAIRN_ORB_REGISTRY ? { url: env.CAIRN_ORB_REGISTRY_URL } : undefined,
    };
  }
  return services;
}

/** Blob storage at `<data dir>/blobs`, the root the worker writes compacted logs to. */
export function blobStore(): BlobStore {
  blobs ??= new FileBlobStore(`${restServices().dataDir}/blobs`);
  return blobs;
}
