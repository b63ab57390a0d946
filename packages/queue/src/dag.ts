import type { RequiredStatus } from "@cairn/config";
import type { JobStatus, JobType } from "@cairn/db";
import { combinedOutcome } from "./statuses.ts";

/** `requires` as stored in Job.requires: required job name → statuses it accepts. */
export type RequiresMap = Record<string, RequiredStatus[]>;

export interface DagJob {
  id: string;
  name: string;
  type: JobType;
  status: JobStatus;
  requires: RequiresMap;
}

/**
 * Decides which blocked jobs of a workflow can leave `blocked`, and how: a build job is
 * queued, an approval goes on hold, a no-op succeeds at once; a job whose requirement ended
 * in a status it does not accept becomes `not_run`. Repeats until nothing changes, because
 * a no-op's success or a `not_run` may release the jobs after it. Pure: returns the new
 * status of each job that changes.
 */
export function releaseBlockedJobs(jobs: readonly DagJob[]): Map<string, JobStatus> {
  const current = new Map(jobs.map((job) => [job.id, job.status]));
  const rowsByName = new Map<string, DagJob[]>();
  for (const job of jobs) rowsByName.set(job.name, [...(rowsByName.get(job.name) ?? []), job]);

  const changes = new Map<string, JobStatus>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const job of jobs) {
      if (current.get(job.id) !== "blocked") continue;
      const verdict = judgeRequirements(job.requires, (name) =>
        combinedOutcome((rowsByName.get(name) ?? []).map((row) => current.get(row.id)!)),
      );
      if (verdict === "wait") continue;
      const next = verdict === "unmet" ? "not_run" : releasedStatus(job.type);
      current.set(job.id, next);
      changes.set(job.id, next);
      changed = true;
    }
  }
  return changes;
}

function judgeRequirements(
  requires: RequiresMap,
  outcomeOf: (name: string) => RequiredStatus | undefined,
): "met" | "unmet" | "wait" {
  let verdict: "met" | "unmet" | "wait" = "met";
  for (const [name, accepted] of Object.entries(requires)) {
    const outcome = outcomeOf(name);
    if (outcome === undefined) verdict = "wait";
    else if (!accepted.includes("terminal") && !accepted.includes(outcome)) return "unmet";
  }
  return verdict;
}

function releasedStatus(type: JobType): JobStatus {
  if (type === "approval") return "on_hold";
  if (type === "no_op") return "success";
  return "queued";
}
