import type { Tx } from "@cairn/db";

/** NOTIFY channels; the payload is a job id. */
export const CHANNELS = {
  /** A job became queued (or a project slot opened for a queued job): workers, wake up. */
  queued: "cairn_job_queued",
  /** A job was canceled: the worker holding it stops its containers. */
  canceled: "cairn_job_canceled",
} as const;

/**
 * Sends the notifications inside the caller's transaction: PostgreSQL delivers them only if
 * it commits, so a listener never hears of a job that is not there.
 */
export async function notifyJobs(
  tx: Tx,
  channel: (typeof CHANNELS)[keyof typeof CHANNELS],
  jobIds: readonly string[],
): Promise<void> {
  if (jobIds.length === 0) return;
  await tx.$executeRaw`SELECT pg_notify(${channel}, id) FROM unnest(${[...jobIds]}::text[]) AS id`;
}
