import type { JobStatus } from "@cairn/db";

/** While any copy still has work ahead, the job as a whole shows the liveliest of them. */
const UNFINISHED: JobStatus[] = ["running", "queued", "on_hold", "blocked"];
/** Once all have ended, the worst outcome wins (as the queue decides for dependents). */
const ENDED_WORST_FIRST: JobStatus[] = [
  "failed",
  "infrastructure_fail",
  "timedout",
  "canceled",
  "unauthorized",
  "not_run",
  "success",
];

/** One status for the parallel copies of a job (CircleCI shows one per job number). */
export function combinedJobStatus(statuses: readonly JobStatus[]): JobStatus {
  for (const status of [...UNFINISHED, ...ENDED_WORST_FIRST]) {
    if (statuses.includes(status)) return status;
  }
  return "blocked";
}
