import { z } from "zod";
import type { BlobStoreSettings } from "./blob-store.ts";

const flag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .optional()
  .transform((value) => value !== undefined && ["true", "1", "yes"].includes(value));

/**
 * Where every app keeps blobs (logs, artifacts, caches, workspaces), as a zod shape each
 * app's env schema spreads: web, worker and artifacts must agree on it.
 */
export const storageSettingsShape = {
  /** `filesystem` (under `<CAIRN_DATA_DIR>/blobs`) or `s3` (an S3-compatible bucket). */
  CAIRN_STORAGE: z.enum(["filesystem", "s3"]).default("filesystem"),
  CAIRN_S3_BUCKET: z.string().optional(),
  CAIRN_S3_REGION: z.string().optional(),
  /** For S3-compatible servers (MinIO, Ceph…): their URL. */
  CAIRN_S3_ENDPOINT: z.url().optional(),
  CAIRN_S3_FORCE_PATH_STYLE: flag,
  /** Static credentials; without them the AWS SDK's usual chain applies. */
  CAIRN_S3_ACCESS_KEY_ID: z.string().optional(),
  CAIRN_S3_SECRET_ACCESS_KEY: z.string().optional(),
};

type TStorageSettings = {
  CAIRN_STORAGE: "filesystem" | "s3";
  CAIRN_S3_BUCKET?: string | undefined;
  CAIRN_S3_REGION?: string | undefined;
  CAIRN_S3_ENDPOINT?: string | undefined;
  CAIRN_S3_FORCE_PATH_STYLE: boolean;
  CAIRN_S3_ACCESS_KEY_ID?: string | undefined;
  CAIRN_S3_SECRET_ACCESS_KEY?: string | undefined;
};

/** A refinement for the app's env schema: S3 storage needs a bucket. */
export function checkStorageSettings(
  value: { CAIRN_STORAGE: "filesystem" | "s3"; CAIRN_S3_BUCKET?: string | undefined },
  context: z.RefinementCtx,
) {
  if (value.CAIRN_STORAGE === "s3" && !value.CAIRN_S3_BUCKET) {
    context.addIssue({
      code: "custom",
      path: ["CAIRN_S3_BUCKET"],
      message: "is required when CAIRN_STORAGE=s3",
    });
  }
}

/** The store the settings name; the filesystem store lives under `<dataDir>/blobs`. */
export function blobStoreSettings(settings: TStorageSettings, dataDir: string): BlobStoreSettings {
  if (settings.CAIRN_STORAGE === "filesystem")
    return { kind: "filesystem", root: `${dataDir}/blobs` };
  if (!settings.CAIRN_S3_BUCKET) throw new Error("CAIRN_STORAGE=s3 needs CAIRN_S3_BUCKET");
  return {
    kind: "s3",
    bucket: settings.CAIRN_S3_BUCKET,
    region: settings.CAIRN_S3_REGION,
    endpoint: settings.CAIRN_S3_ENDPOINT,
    forcePathStyle: settings.CAIRN_S3_FORCE_PATH_STYLE,
    accessKeyId: settings.CAIRN_S3_ACCESS_KEY_ID,
    secretAccessKey: settings.CAIRN_S3_SECRET_ACCESS_KEY,
  };
}
