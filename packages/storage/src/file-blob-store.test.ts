import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BlobStore } from "./blob-store.ts";
import { createBlobStore } from "./create-blob-store.ts";
import { InvalidBlobKeyError } from "./keys.ts";

let root: string;
let store: BlobStore;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "cairn-blob-store-"));
  store = createBlobStore({ kind: "filesystem", root });
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function readAll(key: string): Promise<Buffer | null> {
  const body = await store.get(key);
  if (body === null) return null;
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(Buffer.from(part as Buffer));
  return Buffer.concat(parts);
}

async function listEntries(prefix: string) {
  const entries: { key: string; size: number; modifiedAt: Date }[] = [];
  for await (const entry of store.list(prefix)) entries.push(entry);
  return entries;
}

async function listKeys(prefix: string): Promise<string[]> {
  return (await listEntries(prefix)).map((entry) => entry.key);
}

describe("FileBlobStore", () => {
  it("stores a buffer and reads it back with its metadata", async () => {
    const body = Buffer.from([0, 1, 2, 255, 254, 0x80]);
    expect(await store.put("b/buffer.bin", body, { contentType: "application/x-test" })).toEqual({
      size: 6,
    });
    expect(await readAll("b/buffer.bin")).toEqual(body);
    const head = await store.head("b/buffer.bin");
    expect(head).toMatchObject({ size: 6, contentType: "application/x-test" });
    expect(head?.modifiedAt).toBeInstanceOf(Date);
  });

  it("stores a stream and counts its bytes", async () => {
    const parts = ["hello ", "streamed ", "world"].map((s) => Buffer.from(s));
    expect(await store.put("s/stream.txt", Readable.from(parts))).toEqual({ size: 20 });
    const body = await store.get("s/stream.txt");
    expect(body && (await text(body))).toBe("hello streamed world");
    expect(await store.head("s/stream.txt")).not.toHaveProperty("contentType");
  });

  it("stores without forcing to disk when durability is not asked for", async () => {
    const body = Buffer.from("segment bytes");
    const parts = [Buffer.from("streamed "), Buffer.from("segment")];
    expect(await store.put("nosync/buffer.bin", body, { durable: false })).toEqual({ size: 13 });
    expect(await store.put("nosync/stream.bin", Readable.from(parts), { durable: false })).toEqual({
      size: 16,
    });
    expect(await readAll("nosync/buffer.bin")).toEqual(body);
    expect((await readAll("nosync/stream.bin"))?.toString()).toBe("streamed segment");
    expect(await readdir(join(root, "tmp"))).toEqual([]);
  });

  it("reads a byte range of a blob", async () => {
    await store.put("r/digits.txt", Buffer.from("0123456789"));
    const read = async (start: number, end: number) => {
      const body = await store.get("r/digits.txt", { start, end });
      return body && (await text(body));
    };
    expect(await read(2, 5)).toBe("234");
    expect(await read(7, 100)).toBe("789");
    expect(await read(4, 4)).toBe("");
    expect(await store.get("r/missing.txt", { start: 0, end: 3 })).toBeNull();
    await expect(store.get("r/digits.txt", { start: -1, end: 3 })).rejects.toThrow(RangeError);
  });

  it("replaces a blob and drops a content type the new one lacks", async () => {
    await store.put("r/x", Buffer.from("one"), { contentType: "text/plain" });
    await store.put("r/x", Buffer.from("second"));
    expect((await readAll("r/x"))?.toString()).toBe("second");
    expect(await store.head("r/x")).toMatchObject({ size: 6 });
    expect((await store.head("r/x"))?.contentType).toBeUndefined();
  });

  it("returns null for what is missing and deletes idempotently", async () => {
    expect(await store.get("missing/key")).toBeNull();
    expect(await store.head("missing/key")).toBeNull();
    await store.put("d/gone", Buffer.from("x"), { contentType: "text/plain" });
    await store.delete("d/gone");
    await store.delete("d/gone");
    expect(await store.get("d/gone")).toBeNull();
    expect(await store.head("d/gone")).toBeNull();
    // Empty directories are pruned, so a later `d` blob is possible.
    await store.put("d", Buffer.from("now a file"));
    expect((await readAll("d"))?.toString()).toBe("now a file");
  });

  it("a directory is not a blob", async () => {
    await store.put("dir/inner", Buffer.from("x"));
    expect(await store.get("dir")).toBeNull();
    expect(await store.head("dir")).toBeNull();
    await store.delete("dir");
    expect(await readAll("dir/inner")).not.toBeNull();
  });

  it("lists keys under a prefix in byte order", async () => {
    const keys = ["l/a.txt", "l/a/b", "l/a/c/d", "l/ab", "l/B", "l/z", "l2/other", "l/é"];
    for (const key of keys) await store.put(key, Buffer.from(key));
    expect(await listKeys("l/")).toEqual([
      "l/B",
      "l/a.txt",
      "l/a/b",
      "l/a/c/d",
      "l/ab",
      "l/z",
      "l/é",
    ]);
    expect(await listKeys("l/a")).toEqual(["l/a.txt", "l/a/b", "l/a/c/d", "l/ab"]);
    expect(await listKeys("l/a/")).toEqual(["l/a/b", "l/a/c/d"]);
    expect(await listKeys("l")).toContain("l2/other");
    expect(await listKeys("nothing/")).toEqual([]);
    const [first] = await listEntries("l/B");
    expect(first).toMatchObject({ key: "l/B", size: 3 });
  });

  it("rejects bad keys before touching the disk", async () => {
    await expect(store.put("../outside", Buffer.from("x"))).rejects.toThrow(InvalidBlobKeyError);
    await expect(store.get("/etc/passwd")).rejects.toThrow(/absolute path/);
    await expect(store.head("a\\b")).rejects.toThrow(/backslash/);
    await expect(store.delete("a//b")).rejects.toThrow(/empty path segment/);
    await expect(listEntries("../")).rejects.toThrow(InvalidBlobKeyError);
    expect(await readdir(join(root, ".."))).not.toContain("outside");
  });

  it("explains a key that collides with a directory", async () => {
    await store.put("c/parent/child", Buffer.from("x"));
    await expect(store.put("c/parent", Buffer.from("y"))).rejects.toThrow(/prefix of another key/);
    await expect(store.put("c/parent/child/deeper", Buffer.from("y"))).rejects.toThrow(
      /prefix of another key/,
    );
  });

  it("leaves no partial blob when the body stream fails", async () => {
    await store.put("f/kept", Buffer.from("old"));
    const failing = new Readable({
      read() {
        this.push(Buffer.from("partial"));
        this.destroy(new Error("network dropped"));
      },
    });
    await expect(store.put("f/kept", failing)).rejects.toThrow("network dropped");
    expect((await readAll("f/kept"))?.toString()).toBe("old");
    expect(await readdir(join(root, "tmp"))).toEqual([]);
  });

  it("concurrent readers see the old or the new blob, never a mix", async () => {
    const a = Buffer.alloc(2 * 1024 * 1024, "a");
    const b = Buffer.alloc(2 * 1024 * 1024, "b");
    await store.put("atomic/blob", a);
    const reads: Promise<Buffer | null>[] = [];
    const writes = [store.put("atomic/blob", b), store.put("atomic/blob", a)];
    for (let i = 0; i < 10; i++) reads.push(readAll("atomic/blob"));
    await Promise.all(writes);
    for (const read of await Promise.all(reads)) {
      expect(read?.length).toBe(a.length);
      expect(read?.equals(a) || read?.equals(b)).toBe(true);
    }
  });
});

describe("createBlobStore", () => {
  it("explains bad settings", () => {
    expect(() => createBlobStore({ kind: "filesystem", root: "" })).toThrow(/root directory/);
    expect(() => createBlobStore({ kind: "s3", bucket: "" })).toThrow(/bucket name/);
    expect(() => createBlobStore({ kind: "s3", bucket: "b", accessKeyId: "id" })).toThrow(
      /both accessKeyId and secretAccessKey/,
    );
    expect(() => createBlobStore({ kind: "gcs" } as never)).toThrow(
      /Unknown blob store kind "gcs"/,
    );
  });
});
