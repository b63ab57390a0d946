import type { BlobStore, ByteRange } from "@cairn/storage";
import type { LogChunk } from "./log-chunk.ts";

/**
 * Heavy output skips PostgreSQL's bulk write path: a store that carries at least a
 * segment's worth of bytes puts them in one blob (a "segment") and writes only small rows
 * pointing into it. PostgreSQL stores well under the rate a busy step prints (its TOAST and
 * WAL writes cost about a second per 100 MB here), a blob store appends at disk speed.
 */
export const SEGMENT_MIN_BYTES = 256 * 1024;

export function logSegmentPrefix(jobId: string): string {
  return `logs/${jobId}.segments/`;
}

/** Named by its first seq, zero-padded so that listing returns segments in order. */
export function logSegmentKey(jobId: string, firstSeq: number): string {
  return `${logSegmentPrefix(jobId)}${String(firstSeq).padStart(10, "0")}`;
}

/** A stored row: its bytes inline, or a place in a segment. */
export interface LogChunkRow {
  seq: number;
  stepIndex: number | null;
  data: Uint8Array | null;
  segmentKey: string | null;
  segmentOffset: number | null;
  segmentLength: number | null;
  createdAt: Date;
}

export const LOG_CHUNK_ROW_COLUMNS = {
  seq: true,
  stepIndex: true,
  data: true,
  segmentKey: true,
  segmentOffset: true,
  segmentLength: true,
  createdAt: true,
} as const;

/** Thrown when a row points at a segment that is gone (compaction removed it meanwhile). */
export class MissingLogSegmentError extends Error {
  constructor(key: string) {
    super(`Log segment ${key} is missing from storage`);
    this.name = "MissingLogSegmentError";
  }
}

export async function readWholeBlob(
  store: BlobStore,
  key: string,
  range?: ByteRange,
): Promise<Buffer | null> {
  const body = await store.get(key, range);
  if (body === null) return null;
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(Buffer.from(part as Buffer));
  return Buffer.concat(parts);
}

/** A view of a row's stored bytes (Prisma hands out Uint8Arrays), without a copy. */
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

/**
 * The rows' chunks. Of each segment the rows point into, only the bytes they cover are
 * read, once: a follower reading 20 chunks at a time does not read a 4 MB segment whole
 * for each batch.
 */
export async function chunksOfRows(store: BlobStore, rows: LogChunkRow[]): Promise<LogChunk[]> {
  const spans = new Map<string, ByteRange>();
  for (const row of rows) {
    if (row.data !== null || row.segmentKey === null) continue;
    const start = row.segmentOffset ?? 0;
    const end = start + (row.segmentLength ?? 0);
    const span = spans.get(row.segmentKey);
    if (span) {
      span.start = Math.min(span.start, start);
      span.end = Math.max(span.end, end);
    } else spans.set(row.segmentKey, { start, end });
  }
  const segments = new Map<string, { bytes: Buffer; start: number }>();
  for (const [key, span] of spans) {
    const bytes = await readWholeBlob(store, key, span);
    if (!bytes) throw new MissingLogSegmentError(key);
    segments.set(key, { bytes, start: span.start });
  }
  return rows.map((row) => ({
    seq: row.seq,
    stepIndex: row.stepIndex,
    data: row.data !== null ? asBuffer(row.data) : segmentBytes(row),
    at: row.createdAt.getTime(),
  }));

  function segmentBytes(row: LogChunkRow): Buffer {
    const segment = segments.get(row.segmentKey ?? "");
    if (!segment) throw new MissingLogSegmentError(row.segmentKey ?? "");
    const from = (row.segmentOffset ?? 0) - segment.start;
    return segment.bytes.subarray(from, from + (row.segmentLength ?? 0));
  }
}

/** Removes a job's segments (after compaction, or when a retried attempt starts afresh). */
export async function deleteLogSegments(store: BlobStore, jobId: string): Promise<void> {
  const keys: string[] = [];
  for await (const { key } of store.list(logSegmentPrefix(jobId))) keys.push(key);
  for (const key of keys) await store.delete(key);
}
