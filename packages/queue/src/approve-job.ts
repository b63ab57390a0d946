import { type Db, withTransaction } from "@cairn/db";
import { advanceWorkflow } from "./advance.ts";
import { QueueError } from "./errors.ts";
import { lockWorkflow, workflowOfJob } from "./locks.ts";

/**
 * Approves an approval job that is on hold: it becomes success and the jobs waiting for it
 * move on (queued and NOTIFYed). Returns the ids of the jobs it queued.
 */
export async function approveJob(
  db: Db,
  jobId: string,
  options: { approvedById?: string } = {},
): Promise<{ queuedJobIds: string[] }> {
  return withTransaction(db, async (tx) => {
    const workflowId = await workflowOfJob(tx, jobId);
    await lockWorkflow(tx, workflowId);
    const job = await tx.job.findUniqueOrThrow({
      where: { id: jobId },
      select: { type: true, status: true, name: true },
    });
    if (job.type !== "approval") {
      throw new QueueError("invalid_state", `job ${job.name} is not an approval job`);
    }
    if (job.status !== "on_hold") {
      throw new QueueError(
        "invalid_state",
        `approval ${job.name} is ${job.status}, not on hold: only a job waiting for approval can be approved`,
      );
    }
    const now = new Date();
    await tx.job.update({
      where: { id: jobId },
      data: {
        status: "success",
        approvedById: options.approvedById,
        approvedAt: now,
        startedAt: now,
        finishedAt: now,
      },
    });
    return { queuedJobIds: await advanceWorkflow(tx, workflowId) };
  });
}
