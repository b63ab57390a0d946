import type { WorkflowStatus } from "@cairn/db";
import type { CommitState } from "@cairn/vcs";

/**
 * What a workflow's status looks like on the commit. A workflow that is still going is
 * `pending` — a failing one too, since later jobs still run — and a canceled or refused one
 * is an `error` (it did not fail on its own merits).
 */
export const WORKFLOW_COMMIT_STATES: Record<
  WorkflowStatus,
  { state: CommitState; description: string }
> = {
  running: { state: "pending", description: "Running" },
  on_hold: { state: "pending", description: "On hold: waiting for an approval" },
  failing: { state: "pending", description: "Running, a job has failed" },
  success: { state: "success", description: "Your tests passed on Cairn" },
  failed: { state: "failure", description: "Your tests failed on Cairn" },
  error: { state: "error", description: "The workflow could not run" },
  canceled: { state: "error", description: "The workflow was canceled" },
  not_run: { state: "success", description: "Nothing to run" },
  unauthorized: { state: "error", description: "Not allowed to use a context" },
};

/** The status context of a workflow: `cairn/<workflow name>`. */
export function commitStatusContext(workflowName: string): string {
  return `cairn/${workflowName}`;
}
