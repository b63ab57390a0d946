import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterAll, describe, expect, it } from "vitest";
import { createBlobStore } from "./create-blob-store.ts";

// No S3 server runs in the default environment; point these variables at one to run this.
const bucket = process.env.CAIRN_TEST_S3_BUCKET;
const skipReason =
  "S3 blob store tests SKIPPED: set CAIRN_TEST_S3_BUCKET (and CAIRN_TEST_S3_ENDPOINT, CAIRN_TEST_S3_REGION, CAIRN_TEST_S3_ACCESS_KEY_ID, CAIRN_TEST_S3_SECRET_ACCESS_KEY as needed) to run them.";
if (!bucket) console.warn(skipReason);

describe.skipIf(!bucket)("S3BlobStore against a real bucket", () => {
  const endpoint = process.env.CAIRN_TEST_S3_ENDPOINT;
  const region = process.env.CAIRN_TEST_S3_REGION;
  const accessKeyId = process.env.CAIRN_TEST_S3_ACCESS_KEY_ID;
  const secretAccessKey = process.env.CAIRN_TEST_S3_SECRET_ACCESS_KEY;
  const store = createBlobStore({
    kind: "s3",
    bucket: bucket ?? "unset",
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    ...(region ? { region } : {}),
    ...(accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : {}),
  });
  const prefix = `cairn-test/${randomUUID()}/`;

  afterAll(async () => {
    for await (const entry of store.list(prefix)) await store.delete(entry.key);
  });

  it("puts, heads, gets, lists and deletes", async () => {
    expect(
      await store.put(`${prefix}b`, Buffer.from("buffer"), { contentType: "text/plain" }),
    ).toEqual({
      size: 6,
    });
    expect(await store.put(`${prefix}a/s`, Readable.from([Buffer.from("stream")]))).toEqual({
      size: 6,
    });
    expect(await store.head(`${prefix}b`)).toMatchObject({ size: 6, contentType: "text/plain" });
    const body = await store.get(`${prefix}a/s`);
    expect(body && (await text(body))).toBe("stream");
    const keys: string[] = [];
    for await (const entry of store.list(prefix)) keys.push(entry.key);
    expect(keys).toEqual([`${prefix}a/s`, `${prefix}b`]);
    await store.delete(`${prefix}b`);
    expect(await store.get(`${prefix}b`)).toBeNull();
    expect(await store.head(`${prefix}b`)).toBeNull();
  });
});
