import type { Db } from "@cairn/db";
import type { BlobStore } from "@cairn/storage";
import pg from "pg";
import { LogWriter, type LogWriterOptions } from "./log-writer.ts";
import { PgLogSink } from "./pg-log-sink.ts";
import { PostgresLogSink } from "./postgres-log-sink.ts";

export interface CreateLogWriterOptions extends Omit<LogWriterOptions, "sink"> {
  /**
   * Where chunks are written with `pg` directly, much faster than through Prisma: an
   * existing pool (left open), or a database URL for a one-connection pool of the
   * writer's own, opened at the first store and closed by `close()`. Without either,
   * chunks go through `db`.
   */
  pool?: pg.Pool;
  databaseUrl?: string;
  /** Where heavy output goes as segment blobs (only on the `pg` path). */
  store?: BlobStore;
}

const SEGMENTED_MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** A LogWriter that stores a job's chunks in PostgreSQL and announces them. */
export function createLogWriter(
  db: Db,
  jobId: string,
  { pool, databaseUrl, store, ...options }: CreateLogWriterOptions = {},
): LogWriter {
  return new LogWriter({
    // With segments, a store's cost hardly grows with its size: heavy output goes in
    // fewer, larger stores.
    ...(store && (pool || databaseUrl) ? { maxBatchBytes: SEGMENTED_MAX_BATCH_BYTES } : {}),
    ...options,
    sink: createSink(db, jobId, { pool, databaseUrl, store }),
  });
}

function createSink(db: Db, jobId: string, { pool, databaseUrl, store }: CreateLogWriterOptions) {
  if (pool) return new PgLogSink(pool, jobId, false, store);
  if (!databaseUrl) return new PostgresLogSink(db, jobId);
  // One store runs at a time per job, so one connection is all a writer can use.
  const own = new pg.Pool({ connectionString: databaseUrl, max: 1, idleTimeoutMillis: 30_000 });
  // An idle connection that breaks (server restart) is replaced on the next store; the
  // store itself reports failures, so the pool's own event needs no further handling.
  own.on("error", () => {});
  return new PgLogSink(own, jobId, true, store);
}
