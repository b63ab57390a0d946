import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BlobStore } from "./blob-store.ts";
import { createBlobStore } from "./create-blob-store.ts";
import { type LocalS3, startLocalS3 } from "./testing/local-s3.ts";

// A bucket of a real S3 (or MinIO…) when CAIRN_TEST_S3_BUCKET is set; otherwise a local
// S3-compatible server started here.
const bucket = process.env.CAIRN_TEST_S3_BUCKET;
let local: LocalS3 | undefined;
let store: BlobStore;

beforeAll(async () => {
  if (!bucket) {
    local = await startLocalS3("cairn-storage-test");
    store = createBlobStore({ kind: "s3", ...local.settings });
    return;
  }
  const endpoint = process.env.CAIRN_TEST_S3_ENDPOINT;
  const region = process.env.CAIRN_TEST_S3_REGION;
  const accessKeyId = process.env.CAIRN_TEST_S3_ACCESS_KEY_ID;
  const secretAccessKey = process.env.CAIRN_TEST_S3_SECRET_ACCESS_KEY;
  store = createBlobStore({
    kind: "s3",
    bucket,
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    ...(region ? { region } : {}),
    ...(accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : {}),
  });
});
afterAll(() => local?.close());

describe(`S3BlobStore against ${bucket ? "a real bucket" : "a local S3-compatible server"}`, () => {
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
    const part = await store.get(`${prefix}b`, { start: 1, end: 4 });
    expect(part && (await text(part))).toBe("uff");
    const none = await store.get(`${prefix}b`, { start: 2, end: 2 });
    expect(none && (await text(none))).toBe("");
    const keys: string[] = [];
    for await (const entry of store.list(prefix)) keys.push(entry.key);
    expect(keys).toEqual([`${prefix}a/s`, `${prefix}b`]);
    await store.delete(`${prefix}b`);
    expect(await store.get(`${prefix}b`)).toBeNull();
    expect(await store.head(`${prefix}b`)).toBeNull();
  });
});
