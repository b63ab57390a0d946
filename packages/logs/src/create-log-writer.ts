import type { Db } from "@cairn/db";
import { LogWriter, type LogWriterOptions } from "./log-writer.ts";
import { PostgresLogSink } from "./postgres-log-sink.ts";

/** A LogWriter that stores a job's chunks in PostgreSQL and announces them. */
export function createLogWriter(
  db: Db,
  jobId: string,
  options: Omit<LogWriterOptions, "sink"> = {},
): LogWriter {
  return new LogWriter({ ...options, sink: new PostgresLogSink(db, jobId) });
}
