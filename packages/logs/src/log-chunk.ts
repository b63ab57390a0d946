/** One stored piece of a job's masked output. `seq` counts from 1 per job, with no gap. */
export interface LogChunk {
  seq: number;
  /** The step that printed it; null for output that belongs to no step. */
  stepIndex: number | null;
  data: Buffer;
  /**
   * When it was stored, in ms since the epoch. readLog always sets it: null only for a log
   * compacted before archives kept times. Writers leave it out (the database stamps it).
   */
  at?: number | null;
}

/** The PostgreSQL channel on which new chunks are announced. */
export const LOG_CHANNEL = "cairn_log";

/** What is announced: small and without the data, which readers fetch themselves. */
export interface LogNotification {
  jobId: string;
  /** The highest seq now stored. */
  seq: number;
}

export function encodeLogNotification(notification: LogNotification): string {
  return JSON.stringify(notification);
}

/** Parses a notification payload; null for anything malformed (it is ignored). */
export function decodeLogNotification(payload: string | undefined): LogNotification | null {
  if (!payload) return null;
  try {
    const parsed = JSON.parse(payload) as Partial<LogNotification> | null;
    if (typeof parsed?.jobId !== "string" || !Number.isSafeInteger(parsed.seq)) return null;
    return { jobId: parsed.jobId, seq: parsed.seq as number };
  } catch {
    return null;
  }
}
