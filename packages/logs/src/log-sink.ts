import type { LogChunk } from "./log-chunk.ts";

/** Where a LogWriter's chunks go. The PostgreSQL one stores and announces them. */
export interface LogChunkSink {
  /** The highest seq already stored for the job (0 when none), to continue after it. */
  lastSeq(): Promise<number>;
  /**
   * Stores the chunks (consecutive seqs) in one transaction and announces them;
   * `truncated` also records that the log hit its size cap.
   */
  append(chunks: LogChunk[], options: { truncated: boolean }): Promise<void>;
  /** Releases what the sink holds (its own connections); called once by `LogWriter.close()`. */
  close?(): Promise<void>;
}
