import { type Db, type JobStatus, type Tx, withTransaction } from "@cairn/db";
import { advanceWorkflow } from "./advance.ts";
import { CHANNELS, notifyJobs } from "./channels.ts";
import { lockWorkflow, workflowOfJob } from "./locks.ts";
import { releaseProjectSlot } from "./project-limit.ts";
import { canTransition } from "./statuses.ts";

export interface CancelResult {
  /** Rows that became canceled (empty when everything had already ended). */
  canceledJobIds: string[];
  /** Of those, the ones a worker was running: announced on `cairn_job_canceled`. */
  stoppedJobIds: string[];
}

export interface CancelOptions {
  /** The user who canceled (recorded on the workflow). */
  canceledById?: string;
}

/**
 * Cancels a job — every parallel copy of it — unless it already ended. Running copies are
 * announced so that their worker stops the containers; dependents that wanted success
 * become not_run.
 */
export async function cancelJob(db: Db, jobId: string): Promise<CancelResult> {
  return withTransaction(db, async (tx) => {
    const workflowId = await workflowOfJob(tx, jobId);
    await lockWorkflow(tx, workflowId);
    const job = await tx.job.findUniqueOrThrow({ where: { id: jobId }, select: { name: true } });
    return cancelRows(tx, workflowId, { name: job.name });
  });
}

/** Cancels every job of a workflow that has not ended; the workflow ends `canceled`. */
export async function cancelWorkflow(
  db: Db,
  workflowId: string,
  options: CancelOptions = {},
): Promise<CancelResult> {
  return withTransaction(db, async (tx) => {
    await lockWorkflow(tx, workflowId);
    const result = await cancelRows(tx, workflowId, {});
    if (result.canceledJobIds.length > 0 && options.canceledById) {
      await tx.workflow.update({
        where: { id: workflowId },
        data: { canceledById: options.canceledById },
      });
    }
    return result;
  });
}

async function cancelRows(
  tx: Tx,
  workflowId: string,
  filter: { name?: string },
): Promise<CancelResult> {
  const rows = await tx.$queryRaw<{ id: string; status: JobStatus; project_id: string }[]>`
    SELECT id, status::text AS status, project_id FROM jobs
    WHERE workflow_id = ${workflowId} AND (${filter.name ?? null}::text IS NULL OR name = ${filter.name ?? null})
    FOR UPDATE`;
  const cancelable = rows.filter((row) => canTransition(row.status, "canceled"));
  const result: CancelResult = {
    canceledJobIds: cancelable.map((row) => row.id),
    stoppedJobIds: cancelable.filter((row) => row.status === "running").map((row) => row.id),
  };
  if (cancelable.length === 0) return result;
  // worker_id and attempt stay: the worker's late finishJob is then told "canceled".
  await tx.job.updateMany({
    where: { id: { in: result.canceledJobIds } },
    data: { status: "canceled", finishedAt: new Date(), leaseExpiresAt: null, waitingReason: null },
  });
  await notifyJobs(tx, CHANNELS.canceled, result.stoppedJobIds);
  await advanceWorkflow(tx, workflowId);
  if (result.stoppedJobIds.length > 0) await releaseProjectSlot(tx, cancelable[0]!.project_id);
  return result;
}
