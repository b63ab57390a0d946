import type { BlobStore } from "@cairn/storage";
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

export async function readWholeBlob(store: BlobStore, key: string): Promise<Buffer | null> {
  const body = await store.get(key);
  if (body === null) return null;
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(Buffer.from(part as Buffer));
  return Buffer.concat(parts);
}

/** The rows' chunks, each segment read once. */
export async function chunksOfRows(store: BlobStore, rows: LogChunkRow[]): Promise<LogChunk[]> {
  const segments = new Map<string, Buffer>();
  const chunks: LogChunk[] = [];
  for (const row of rows) {
    chunks.push({
      seq: row.seq,
      stepIndex: row.stepIndex,
      data: await rowBytes(row),
      at: row.createdAt.getTime(),
    });
  }
  return chunks;

  async function rowBytes(row: LogChunkRow): Promise<Buffer> {
    if (row.data !== null) return Buffer.from(row.data);
    const key = row.segmentKey ?? "";
    let segment = segments.get(key);
    if (!segment) {
      segment = (await readWholeBlob(store, key)) ?? undefined;
      if (!segment) throw new MissingLogSegmentError(key);
      segments.set(key, segment);
    }
    const start = row.segmentOffset ?? 0;
    return Buffer.from(segment.subarray(start, start + (row.segmentLength ?? 0)));
  }
}

/** Removes a job's segments (after compaction, or when a retried attempt starts afresh). */
export async function deleteLogSegments(store: BlobStore, jobId: string): Promise<void> {
  const keys: string[] = [];
  for await (const { key } of store.list(logSegmentPrefix(jobId))) keys.push(key);
  for (const key of keys) await store.delete(key);
}
