import type { JobStatus, PipelineStatus, WorkflowStatus } from "@cairn/db";
import { isTerminal } from "./statuses.ts";

const FAILURES: readonly JobStatus[] = ["failed", "timedout", "infrastructure_fail"];

/**
 * A workflow's status from its jobs (CircleCI's meaning): while anything can still happen
 * it is `running` (or `failing` once a job failed), `on_hold` when only a person can move it
 * on; at the end `canceled`, `failed`, `unauthorized`, `success`, or `not_run` when nothing
 * ran at all.
 */
export function workflowStatusOf(jobs: readonly JobStatus[]): WorkflowStatus {
  const failed = jobs.some((status) => FAILURES.includes(status));
  if (jobs.some((status) => !isTerminal(status))) {
    if (failed) return "failing";
    const moving = jobs.some((status) => status === "queued" || status === "running");
    return !moving && jobs.includes("on_hold") ? "on_hold" : "running";
  }
  if (jobs.includes("canceled")) return "canceled";
  if (failed) return "failed";
  if (jobs.includes("unauthorized")) return "unauthorized";
  if (jobs.length > 0 && jobs.every((status) => status === "not_run")) return "not_run";
  return "success";
}

export function isWorkflowDone(status: WorkflowStatus): boolean {
  return !["running", "on_hold", "failing"].includes(status);
}

// Most telling first: a pipeline with one failing workflow is failing, whatever the others do.
const PIPELINE_PRECEDENCE: readonly WorkflowStatus[] = [
  "failing",
  "running",
  "on_hold",
  "failed",
  "error",
  "unauthorized",
  "canceled",
  "success",
];

/**
 * A pipeline's status from the current run of each of its workflows (a rerun replaces the
 * run it reruns). No workflow at all (every job filtered out) is `not_run`.
 */
export function pipelineStatusOf(workflows: readonly WorkflowStatus[]): PipelineStatus {
  return PIPELINE_PRECEDENCE.find((status) => workflows.includes(status)) ?? "not_run";
}
