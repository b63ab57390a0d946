import type { RequiredStatus } from "@cairn/config";
import type { JobStatus } from "@cairn/db";

/**
 * Every job status change the queue makes, in one table. Anything not listed is a bug or a
 * stale request (a finish after a cancel), and is refused.
 */
export const JOB_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  // Waiting for `requires`: released into the queue (build), a person (approval) or straight
  // to success (no-op); not_run when a requirement ended in a status it does not accept.
  // unauthorized: refused at dispatch because it may not use one of its contexts.
  blocked: ["queued", "on_hold", "success", "not_run", "canceled", "unauthorized"],
  queued: ["running", "canceled"],
  // `queued` again when the worker's lease expired and attempts remain.
  running: [
    "success",
    "failed",
    "canceled",
    "timedout",
    "infrastructure_fail",
    "queued",
    "unauthorized",
  ],
  on_hold: ["success", "canceled"],
  success: [],
  failed: [],
  canceled: [],
  not_run: [],
  infrastructure_fail: [],
  timedout: [],
  unauthorized: [],
};

export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = [
  "success",
  "failed",
  "canceled",
  "not_run",
  "infrastructure_fail",
  "timedout",
  "unauthorized",
];

/** What a worker may report when it finishes a job (`unauthorized`: a context was
 * restricted away between queueing and leasing, so the job did not start). */
export const FINISH_STATUSES = [
  "success",
  "failed",
  "canceled",
  "timedout",
  "infrastructure_fail",
  "unauthorized",
] as const satisfies readonly JobStatus[];
export type FinishStatus = (typeof FINISH_STATUSES)[number];

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_JOB_STATUSES.includes(status);
}

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return JOB_TRANSITIONS[from].includes(to);
}

/**
 * The status a requirement sees. CircleCI's `requires` maps know only success, failed,
 * canceled, unauthorized and not_run: a timeout or an infrastructure failure is a failure.
 */
export function requirementStatus(status: JobStatus): RequiredStatus | undefined {
  switch (status) {
    case "success":
    case "failed":
    case "canceled":
    case "unauthorized":
    case "not_run":
      return status;
    case "timedout":
    case "infrastructure_fail":
      return "failed";
    default:
      return undefined;
  }
}

// When the N copies of a parallel job end differently, the job as a whole takes the most
// severe outcome.
const SEVERITY: readonly RequiredStatus[] = ["failed", "canceled", "unauthorized", "not_run"];

/** The outcome of a job made of several rows (parallelism), or undefined while any runs. */
export function combinedOutcome(statuses: readonly JobStatus[]): RequiredStatus | undefined {
  const outcomes = statuses.map(requirementStatus);
  if (outcomes.length === 0) return "not_run";
  if (outcomes.some((outcome) => outcome === undefined)) return undefined;
  return SEVERITY.find((severe) => outcomes.includes(severe)) ?? "success";
}
