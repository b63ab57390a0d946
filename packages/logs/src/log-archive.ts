import { createGunzip } from "node:zlib";
import type { BlobStore } from "@cairn/storage";
import type { LogChunk } from "./log-chunk.ts";
import { readWholeBlob } from "./log-segments.ts";

/** Where a job's compacted log goes: one gzip blob of the chunks' bytes, back to back. */
export function logArchiveKey(jobId: string): string {
  return `logs/${jobId}.log.gz`;
}

/** The archive's index sits next to it. */
export function logIndexKey(archiveKey: string): string {
  return `${archiveKey.replace(/\.log\.gz$/, "")}.index.json`;
}

/**
 * seq → step and place in the uncompressed bytes, so reads by step or after a seq work.
 * Version 2 adds when each chunk was stored; version 1 indexes (written before) still read,
 * their chunks without a time.
 */
export interface LogArchiveIndex {
  version: 1 | 2;
  /** [seq, stepIndex, offset, length, at (ms since the epoch; absent in version 1)], in seq order. */
  chunks: LogArchiveEntry[];
}

export type LogArchiveEntry = [number, number | null, number, number, (number | null)?];

/** The version compactLog writes. */
export const LOG_ARCHIVE_INDEX_VERSION = 2;

async function readBlob(store: BlobStore, key: string): Promise<Buffer> {
  const bytes = await readWholeBlob(store, key);
  if (bytes === null) throw new Error(`Log archive blob ${key} is missing from storage`);
  return bytes;
}

export async function readLogIndex(store: BlobStore, archiveKey: string): Promise<LogArchiveIndex> {
  const index = JSON.parse((await readBlob(store, logIndexKey(archiveKey))).toString("utf8"));
  if (!(index?.version === 1 || index?.version === 2) || !Array.isArray(index.chunks)) {
    throw new Error(`Log archive index for ${archiveKey} is not in a known format`);
  }
  return index as LogArchiveIndex;
}

/** Chunks of a compacted log, selected the way readLog selects rows. */
export async function readLogArchive(
  store: BlobStore,
  archiveKey: string,
  selection: { afterSeq: number; step: number | undefined; limit: number | undefined },
): Promise<LogChunk[]> {
  const index = await readLogIndex(store, archiveKey);
  const wanted = index.chunks
    .filter(([seq]) => seq > selection.afterSeq)
    .filter(([, stepIndex]) => selection.step === undefined || stepIndex === selection.step)
    .slice(0, selection.limit);
  const first = wanted[0];
  const last = wanted[wanted.length - 1];
  if (!first || !last) return [];
  const bytes = await readUncompressedRange(store, archiveKey, first[2], last[2] + last[3]);
  return wanted.map(([seq, stepIndex, offset, length, at]) => ({
    seq,
    stepIndex,
    data: Buffer.from(bytes.subarray(offset - first[2], offset - first[2] + length)),
    at: at ?? null,
  }));
}

/** Bytes [start, end) of the uncompressed log; stops decompressing once it has them. */
async function readUncompressedRange(
  store: BlobStore,
  archiveKey: string,
  start: number,
  end: number,
): Promise<Buffer> {
  const body = await store.get(archiveKey);
  if (body === null) throw new Error(`Log archive blob ${archiveKey} is missing from storage`);
  const gunzip = createGunzip();
  body.on("error", (error) => gunzip.destroy(error));
  body.pipe(gunzip);
  const parts: Buffer[] = [];
  let position = 0;
  try {
    for await (const piece of gunzip as AsyncIterable<Buffer>) {
      const from = Math.max(start - position, 0);
      const to = Math.min(end - position, piece.length);
      if (from < to) parts.push(piece.subarray(from, to));
      position += piece.length;
      if (position >= end) break;
    }
  } finally {
    gunzip.destroy();
    (body as { destroy?: () => void }).destroy?.();
  }
  return Buffer.concat(parts);
}
