import type { Db } from "@cairn/db";
import type { BlobStore } from "@cairn/storage";
import { readLogArchive } from "./log-archive.ts";
import type { LogChunk } from "./log-chunk.ts";
import { chunksOfRows, LOG_CHUNK_ROW_COLUMNS, MissingLogSegmentError } from "./log-segments.ts";

export interface ReadLogOptions {
  /** Only chunks with a greater seq (0, the default, reads from the start). */
  afterSeq?: number;
  /** Only this step's chunks. */
  step?: number;
  /** At most this many chunks. */
  limit?: number;
}

function checkOptions({ afterSeq, step, limit }: ReadLogOptions): void {
  if (afterSeq !== undefined && !(Number.isSafeInteger(afterSeq) && afterSeq >= 0)) {
    throw new Error(`readLog: afterSeq must be a whole number ≥ 0, got ${afterSeq}`);
  }
  if (step !== undefined && !(Number.isSafeInteger(step) && step >= 0)) {
    throw new Error(`readLog: step must be a whole number ≥ 0, got ${step}`);
  }
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0)) {
    throw new Error(`readLog: limit must be a whole number > 0, got ${limit}`);
  }
}

/**
 * A job's chunks after `afterSeq`, in seq order, from the live rows or, once the job's log
 * was compacted, from its archive. An unknown job has no chunks.
 */
export async function readLog(
  db: Db,
  store: BlobStore,
  jobId: string,
  options: ReadLogOptions = {},
): Promise<LogChunk[]> {
  checkOptions(options);
  const afterSeq = options.afterSeq ?? 0;
  const rows = await db.logChunk.findMany({
    where: {
      jobId,
      seq: { gt: afterSeq },
      ...(options.step === undefined ? {} : { stepIndex: options.step }),
    },
    select: LOG_CHUNK_ROW_COLUMNS,
    orderBy: { seq: "asc" },
    ...(options.limit === undefined ? {} : { take: options.limit }),
  });
  if (rows.length > 0) {
    try {
      return await chunksOfRows(store, rows);
    } catch (error) {
      // Compaction archived the log and removed its segments after the rows were read:
      // the archive, looked up below, has the same chunks.
      if (!(error instanceof MissingLogSegmentError)) throw error;
    }
  }
  // Rows are read before the archive key: compaction sets the key before it deletes the
  // rows, so a reader that finds no rows and then looks at the key misses nothing.
  const jobs = await db.$queryRaw<{ log_archive_key: string | null }[]>`
    SELECT log_archive_key FROM jobs WHERE id = ${jobId}`;
  const archiveKey = jobs[0]?.log_archive_key;
  if (!archiveKey) return [];
  return readLogArchive(store, archiveKey, {
    afterSeq,
    step: options.step,
    limit: options.limit,
  });
}
