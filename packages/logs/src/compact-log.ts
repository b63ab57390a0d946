import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import type { Db } from "@cairn/db";
import type { BlobStore } from "@cairn/storage";
import {
  LOG_ARCHIVE_INDEX_VERSION,
  type LogArchiveIndex,
  logArchiveKey,
  logIndexKey,
  readLogIndex,
} from "./log-archive.ts";
import { chunksOfRows, deleteLogSegments, LOG_CHUNK_ROW_COLUMNS } from "./log-segments.ts";

const BATCH_ROWS = 256;

export interface CompactLogResult {
  archiveKey: string;
  chunks: number;
  bytes: number;
  compressedBytes: number;
}

async function* chunkRows(db: Db, store: BlobStore, jobId: string, index: LogArchiveIndex) {
  let afterSeq = 0;
  let offset = 0;
  for (;;) {
    const rows = await db.logChunk.findMany({
      where: { jobId, seq: { gt: afterSeq } },
      select: LOG_CHUNK_ROW_COLUMNS,
      orderBy: { seq: "asc" },
      take: BATCH_ROWS,
    });
    for (const chunk of await chunksOfRows(store, rows)) {
      index.chunks.push([chunk.seq, chunk.stepIndex, offset, chunk.data.length, chunk.at ?? null]);
      offset += chunk.data.length;
      yield chunk.data;
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < BATCH_ROWS) return;
    afterSeq = last.seq;
  }
}

/**
 * Moves a finished job's log from rows into one gzip blob plus its index, then deletes the
 * rows. Call it after the job's LogWriter closed. Crash-safe and idempotent: the blobs are
 * written before the job points at them, and the rows deleted only after; running it
 * again finishes whatever a crash interrupted.
 */
export async function compactLog(
  db: Db,
  store: BlobStore,
  jobId: string,
): Promise<CompactLogResult> {
  const jobs = await db.$queryRaw<{ log_archive_key: string | null }[]>`
    SELECT log_archive_key FROM jobs WHERE id = ${jobId}`;
  const job = jobs[0];
  if (!job) throw new Error(`compactLog: no job with id ${jobId}`);

  let archiveKey = job.log_archive_key;
  let index: LogArchiveIndex;
  let compressedBytes: number;
  if (archiveKey) {
    index = await readLogIndex(store, archiveKey);
    compressedBytes = (await store.head(archiveKey))?.size ?? 0;
  } else {
    archiveKey = logArchiveKey(jobId);
    index = { version: LOG_ARCHIVE_INDEX_VERSION, chunks: [] };
    const gzip = Readable.from(chunkRows(db, store, jobId, index)).pipe(createGzip());
    ({ size: compressedBytes } = await store.put(archiveKey, gzip, {
      contentType: "application/gzip",
    }));
    await store.put(logIndexKey(archiveKey), Buffer.from(JSON.stringify(index)), {
      contentType: "application/json",
    });
    await db.$executeRaw`
      UPDATE jobs SET log_archive_key = ${archiveKey}
      WHERE id = ${jobId} AND log_archive_key IS NULL`;
  }
  const lastSeq = index.chunks[index.chunks.length - 1]?.[0] ?? 0;
  // Only archived rows go: a row written after the archive was made is kept, never lost.
  await db.$executeRaw`DELETE FROM log_chunks WHERE job_id = ${jobId} AND seq <= ${lastSeq}`;
  // Only once no row points at them; a reader that still holds such rows finds the
  // segment gone and reads the archive instead.
  await deleteLogSegments(store, jobId);
  const last = index.chunks[index.chunks.length - 1];
  return {
    archiveKey,
    chunks: index.chunks.length,
    bytes: last ? last[2] + last[3] : 0,
    compressedBytes,
  };
}
