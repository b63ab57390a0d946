export const DEFAULT_RETENTION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Artifacts created before this moment have outlived a retention of `days` days. */
export function retentionCutoff(now: Date, days: number): Date {
  if (!Number.isFinite(days) || days <= 0)
    throw new Error("retention must be a positive number of days");
  return new Date(now.getTime() - days * DAY_MS);
}
