import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import {
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  rmdir,
  stat,
  writeFile,
} from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { BlobStore, ByteRange, PutOptions } from "./blob-store.ts";
import { countBytes } from "./byte-counter.ts";
import { assertValidKey, assertValidPrefix } from "./keys.ts";
import { compareKeys } from "./order.ts";
import { checkRange } from "./range.ts";

interface BlobMetadata {
  contentType?: string;
}

function isErrno(error: unknown, ...codes: string[]): boolean {
  return error instanceof Error && codes.includes((error as NodeJS.ErrnoException).code ?? "");
}

/**
 * Blobs as files under `<root>/blobs/<key>`, with the content type in `<root>/meta/<key>`.
 * Writes go to `<root>/tmp` (same filesystem), are fsynced, then renamed into place, so a
 * reader sees the old blob or the new one, never part of one.
 *
 * A filesystem cannot hold both `a` and `a/b`: storing one when the other exists fails.
 */
export class FileBlobStore implements BlobStore {
  private readonly blobsDir: string;
  private readonly metaDir: string;
  private readonly tmpDir: string;

  constructor(root: string) {
    this.blobsDir = join(root, "blobs");
    this.metaDir = join(root, "meta");
    this.tmpDir = join(root, "tmp");
  }

  async put(
    key: string,
    body: NodeJS.ReadableStream | Buffer,
    options: PutOptions = {},
  ): Promise<{ size: number }> {
    assertValidKey(key);
    await mkdir(this.tmpDir, { recursive: true });
    const blobTmp = join(this.tmpDir, randomUUID());
    try {
      const size = await this.writeFile(blobTmp, body, options.durable ?? true);
      await this.writeMetadata(key, options.contentType);
      await this.moveIntoPlace(blobTmp, join(this.blobsDir, key), key);
      return { size };
    } catch (error) {
      await rm(blobTmp, { force: true });
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<NodeJS.ReadableStream | null> {
    assertValidKey(key);
    checkRange(range);
    try {
      // Opening first makes a missing blob a null rather than a stream that errors later.
      const handle = await open(join(this.blobsDir, key), "r");
      if (!(await handle.stat()).isFile()) {
        await handle.close();
        return null;
      }
      if (range && range.end <= range.start) {
        await handle.close();
        return Readable.from([]);
      }
      // createReadStream's `end` is inclusive.
      return handle.createReadStream(range ? { start: range.start, end: range.end - 1 } : {});
    } catch (error) {
      if (isErrno(error, "ENOENT", "ENOTDIR", "EISDIR")) return null;
      throw error;
    }
  }

  async head(
    key: string,
  ): Promise<{ size: number; modifiedAt: Date; contentType?: string } | null> {
    assertValidKey(key);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(join(this.blobsDir, key));
    } catch (error) {
      if (isErrno(error, "ENOENT", "ENOTDIR")) return null;
      throw error;
    }
    if (!info.isFile()) return null;
    const metadata = await this.readMetadata(key);
    return {
      size: info.size,
      modifiedAt: info.mtime,
      ...(metadata.contentType === undefined ? {} : { contentType: metadata.contentType }),
    };
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    const blobPath = join(this.blobsDir, key);
    try {
      if (!(await stat(blobPath)).isFile()) return;
    } catch (error) {
      if (isErrno(error, "ENOENT", "ENOTDIR")) return;
      throw error;
    }
    await rm(blobPath, { force: true });
    await rm(join(this.metaDir, key), { force: true });
    await this.pruneEmptyParents(this.blobsDir, key);
    await this.pruneEmptyParents(this.metaDir, key);
  }

  async *list(prefix: string): AsyncIterable<{ key: string; size: number; modifiedAt: Date }> {
    assertValidPrefix(prefix);
    const slash = prefix.lastIndexOf("/");
    const baseKey = slash === -1 ? "" : prefix.slice(0, slash);
    yield* this.walk(baseKey, prefix);
  }

  /** Depth-first in key order: a directory `d` sorts as `d/`, which is where its keys go. */
  private async *walk(
    dirKey: string,
    prefix: string,
  ): AsyncGenerator<{ key: string; size: number; modifiedAt: Date }> {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(join(this.blobsDir, dirKey), { withFileTypes: true });
    } catch (error) {
      if (isErrno(error, "ENOENT", "ENOTDIR")) return;
      throw error;
    }
    const named = entries
      .filter((entry) => entry.isFile() || entry.isDirectory())
      .map((entry) => ({
        entry,
        key: dirKey === "" ? entry.name : `${dirKey}/${entry.name}`,
        sortAs: entry.isDirectory() ? `${entry.name}/` : entry.name,
      }))
      .sort((a, b) => compareKeys(a.sortAs, b.sortAs));
    for (const { entry, key } of named) {
      if (entry.isDirectory()) {
        const asPrefix = `${key}/`;
        if (asPrefix.startsWith(prefix) || prefix.startsWith(asPrefix)) {
          yield* this.walk(key, prefix);
        }
      } else if (key.startsWith(prefix)) {
        try {
          const info = await stat(join(this.blobsDir, key));
          yield { key, size: info.size, modifiedAt: info.mtime };
        } catch (error) {
          if (!isErrno(error, "ENOENT")) throw error; // deleted while listing
        }
      }
    }
  }

  private async writeFile(
    path: string,
    body: NodeJS.ReadableStream | Buffer,
    durable: boolean,
  ): Promise<number> {
    if (Buffer.isBuffer(body)) {
      const handle = await open(path, "wx");
      try {
        await handle.writeFile(body);
        if (durable) await handle.sync();
      } finally {
        await handle.close();
      }
      return body.length;
    }
    const counted = countBytes(body);
    await pipeline(counted.stream, createWriteStream(path, { flags: "wx" }));
    if (!durable) return counted.size();
    // Durable before the rename makes it visible: a crash must not leave an empty blob
    // that a database row already points at.
    const handle = await open(path, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    return counted.size();
  }

  private async writeMetadata(key: string, contentType: string | undefined): Promise<void> {
    const metaPath = join(this.metaDir, key);
    if (contentType === undefined) {
      await rm(metaPath, { force: true });
      return;
    }
    const metaTmp = join(this.tmpDir, `${randomUUID()}.meta`);
    await writeFile(metaTmp, JSON.stringify({ contentType } satisfies BlobMetadata));
    try {
      await this.moveIntoPlace(metaTmp, metaPath, key);
    } catch (error) {
      await rm(metaTmp, { force: true });
      throw error;
    }
  }

  private async readMetadata(key: string): Promise<BlobMetadata> {
    try {
      const parsed: unknown = JSON.parse(await readFile(join(this.metaDir, key), "utf8"));
      const contentType = (parsed as BlobMetadata | null)?.contentType;
      return typeof contentType === "string" ? { contentType } : {};
    } catch (error) {
      if (isErrno(error, "ENOENT", "ENOTDIR", "EISDIR")) return {};
      throw error;
    }
  }

  private async moveIntoPlace(from: string, to: string, key: string): Promise<void> {
    // A concurrent delete may prune the parent directory between mkdir and rename: retry.
    for (let attempt = 1; ; attempt++) {
      await mkdir(dirname(to), { recursive: true }).catch((error: unknown) => {
        if (isErrno(error, "EEXIST", "ENOTDIR")) throw conflict(key);
        throw error;
      });
      try {
        await rename(from, to);
        return;
      } catch (error) {
        if (isErrno(error, "EISDIR", "ENOTEMPTY", "ENOTDIR", "EEXIST")) throw conflict(key);
        if (!isErrno(error, "ENOENT") || attempt >= 5) throw error;
      }
    }
  }

  private async pruneEmptyParents(base: string, key: string): Promise<void> {
    let dirKey = key;
    for (;;) {
      const slash = dirKey.lastIndexOf("/");
      if (slash === -1) return;
      dirKey = dirKey.slice(0, slash);
      try {
        await rmdir(join(base, dirKey));
      } catch (error) {
        if (isErrno(error, "ENOTEMPTY", "EEXIST", "ENOENT", "EBUSY")) return;
        throw error;
      }
    }
  }
}

function conflict(key: string): Error {
  return new Error(
    `Cannot store blob ${JSON.stringify(key)}: the filesystem store cannot hold a key that is also a prefix of another key (or the reverse).`,
  );
}
