import type { Services } from "@cairn/api";
import { oauthSettingsFrom } from "@cairn/auth";
import { SettingsError } from "@cairn/env";
import { createSecretCipher, SecretsBackendError } from "@cairn/secrets";
import { type BlobStore, blobStoreSettings, createBlobStore } from "@cairn/storage";
import { type TWebEnv, webEnv } from "~/env.ts";
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
      cipher: webSecretCipher(env),
      dataDir,
      baseUrl: env.CAIRN_URL,
      orbCacheDir: env.CAIRN_ORB_CACHE_DIR ?? `${dataDir}/orbs`,
      orbRegistry: env.CAIRN_ORB_REGISTRY ? { url: env.CAIRN_ORB_REGISTRY_URL } : undefined,
      oauth: oauthSettingsFrom(env),
      repositorySyncMinutes: env.CAIRN_REPOSITORY_SYNC_MINUTES,
    };
  }
  return services;
}

/** The cipher of the secrets settings; a bad setting is a SettingsError like any other. */
function webSecretCipher(env: TWebEnv) {
  try {
    return createSecretCipher(env);
  } catch (error) {
    if (error instanceof SecretsBackendError) throw new SettingsError(`web: ${error.message}`);
    throw error;
  }
}

/** The blob store the worker writes compacted logs and artifacts to (CAIRN_STORAGE). */
export function blobStore(): BlobStore {
  blobs ??= createBlobStore(blobStoreSettings(webEnv(), restServices().dataDir));
  return blobs;
}
