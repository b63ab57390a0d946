/// <reference path="./s3rver.d.ts" />
// A local S3-compatible server (s3rver) for tests: the real AWS SDK, presigner and HTTP
// against a bucket on disk, no cloud account needed.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";

export interface LocalS3 {
  /** Settings for createBlobStore({ kind: "s3", ...settings }). */
  settings: {
    bucket: string;
    endpoint: string;
    forcePathStyle: true;
    region: string;
    accessKeyId: string;
    secretAccessKey: string;
  };
  close(): Promise<void>;
}

/** Starts s3rver on a free loopback port with `bucket` created. */
export async function startLocalS3(bucket: string): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), "cairn-s3-"));
  const server = new S3rver({ port: 0, address: "127.0.0.1", directory, silent: true });
  const { port } = await server.run();
  const settings = {
    bucket,
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true as const,
    region: "us-east-1",
    // s3rver's fixed credentials.
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
  };
  const admin = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
  });
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  admin.destroy();
  return {
    settings,
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
