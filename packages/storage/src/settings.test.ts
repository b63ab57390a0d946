import { describe, expect, it } from "vitest";
import { z } from "zod";
import { blobStoreSettings, checkStorageSettings, storageSettingsShape } from "./settings.ts";

const ZSchema = z.object(storageSettingsShape).superRefine(checkStorageSettings);

describe("storage settings", () => {
  it("defaults to the filesystem under the data directory", () => {
    const settings = ZSchema.parse({});
    expect(blobStoreSettings(settings, "/srv/cairn")).toEqual({
      kind: "filesystem",
      root: "/srv/cairn/blobs",
    });
  });

  it("describes an S3-compatible bucket", () => {
    const settings = ZSchema.parse({
      CAIRN_STORAGE: "s3",
      CAIRN_S3_BUCKET: "ci-blobs",
      CAIRN_S3_ENDPOINT: "http://127.0.0.1:9000",
      CAIRN_S3_FORCE_PATH_STYLE: "true",
    });
    expect(blobStoreSettings(settings, "/unused")).toMatchObject({
      kind: "s3",
      bucket: "ci-blobs",
      endpoint: "http://127.0.0.1:9000",
      forcePathStyle: true,
    });
  });

  it("asks for a bucket when S3 is chosen, naming the variable", () => {
    const result = ZSchema.safeParse({ CAIRN_STORAGE: "s3" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ["CAIRN_S3_BUCKET"],
      message: "is required when CAIRN_STORAGE=s3",
    });
  });
});
