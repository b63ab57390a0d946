import { type Db, withTransaction } from "@cairn/db";
import { advanceWorkflow } from "./advance.ts";
import { QueueError } from "./errors.ts";
import { lockWorkflow, workflowOfJob } from "./locks.ts";
import { releaseProjectSlot } from "./project-limit.ts";
import { FINISH_STATUSES, type FinishStatus } from "./statuses.ts";

export interface FinishJobInput {
  jobId: string;
  workerId: string;
  /** The attempt the worker leased (LeasedJob.attempt). */
  attempt: number;
  status: FinishStatus;
  /** Why, beyond the steps' own output (e.g. "out of memory"). */
  failureReason?: string;
}

export type FinishJobResult =
  | { accepted: true; queuedJobIds: string[] }
  /** `lease_lost`: another attempt owns the job now (or it ended another way);
   * `canceled`: it was canceled while running, and stays canceled. */
  | { accepted: false; reason: "lease_lost" | "canceled" };

/**
 * Records the end of a running job and, in the same transaction, moves its workflow on
 * (dependents queued or not_run, statuses rolled up, queued jobs NOTIFYed). Only the lease
 * holder may finish: a stale (workerId, attempt) is refused and changes nothing.
 */
export async function finishJob(db: Db, input: FinishJobInput): Promise<FinishJobResult> {
  if (!FINISH_STATUSES.includes(input.status)) {
    throw new QueueError(
      "invalid_input",
      `a job finishes as one of ${FINISH_STATUSES.join(", ")}, not ${String(input.status)}`,
    );
  }
  return withTransaction(db, async (tx) => {
    await lockWorkflow(tx, await workflowOfJob(tx, input.jobId));
    const finished = await tx.$queryRaw<{ project_id: string; workflow_id: string }[]>`
      UPDATE jobs SET status = ${input.status}::job_status, finished_at = now(),
        lease_expires_at = NULL, failure_reason = ${input.failureReason ?? null}
      WHERE id = ${input.jobId} AND worker_id = ${input.workerId}
        AND attempt = ${input.attempt} AND status = 'running'
      RETURNING project_id, workflow_id`;
    const row = finished[0];
    if (!row) {
      const job = await tx.job.findUniqueOrThrow({
        where: { id: input.jobId },
        select: { status: true, workerId: true, attempt: true },
      });
      const canceledUnderThisLease =
        job.status === "canceled" &&
        job.workerId === input.workerId &&
        job.attempt === input.attempt;
      return { accepted: false, reason: canceledUnderThisLease ? "canceled" : "lease_lost" };
    }
    const queuedJobIds = await advanceWorkflow(tx, row.workflow_id);
    await releaseProjectSlot(tx, row.project_id);
    return { accepted: true, queuedJobIds };
  });
}
