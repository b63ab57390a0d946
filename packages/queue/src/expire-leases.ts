import { type Db, withTransaction } from "@cairn/db";
import { advanceWorkflow } from "./advance.ts";
import { CHANNELS, notifyJobs } from "./channels.ts";
import { requirePositiveInteger } from "./errors.ts";
import { lockWorkflow } from "./locks.ts";
import { releaseProjectSlot } from "./project-limit.ts";

export interface ExpireLeasesOptions {
  /** Attempts in all before a job whose worker keeps dying ends `infrastructure_fail`. */
  maxAttempts: number;
}

export interface ExpiredLeases {
  /** Jobs queued again, with the attempt they will run as. */
  requeued: { jobId: string; attempt: number }[];
  /** Jobs that used their last attempt: now `infrastructure_fail`, with the reason. */
  failed: string[];
  /** Workers whose lease ran out: presumed dead, their leftover containers may be removed. */
  deadWorkerIds: string[];
}

/**
 * Takes back the running jobs whose lease expired (their worker stopped heartbeating):
 * each is queued again as attempt + 1, or fails as `infrastructure_fail` after
 * `maxAttempts`. Any worker may call this periodically; two callers never handle one job
 * twice (each job is re-checked under its workflow's lock).
 */
export async function expireLeases(db: Db, options: ExpireLeasesOptions): Promise<ExpiredLeases> {
  requirePositiveInteger("maxAttempts", options.maxAttempts);
  const expired = await db.$queryRaw<{ id: string; workflow_id: string }[]>`
    SELECT id, workflow_id FROM jobs
    WHERE status = 'running' AND lease_expires_at < now()
    ORDER BY lease_expires_at`;
  const result: ExpiredLeases = { requeued: [], failed: [], deadWorkerIds: [] };
  const deadWorkers = new Set<string>();
  for (const { id, workflow_id: workflowId } of expired) {
    // The outcome is recorded only once the transaction committed (it may be retried).
    const outcome = await withTransaction(db, async (tx) => {
      await lockWorkflow(tx, workflowId);
      const [job] = await tx.$queryRaw<
        { worker_id: string; attempt: number; project_id: string }[]
      >`
        SELECT worker_id, attempt, project_id FROM jobs
        WHERE id = ${id} AND status = 'running' AND lease_expires_at < now()
        FOR UPDATE`;
      if (!job) return undefined; // renewed, finished or handled by another caller meanwhile
      const lost = `worker ${job.worker_id} stopped renewing its lease`;
      if (job.attempt < options.maxAttempts) {
        const attempt = job.attempt + 1;
        await tx.job.update({
          where: { id },
          data: {
            status: "queued",
            attempt,
            workerId: null,
            leaseExpiresAt: null,
            startedAt: null,
            queuedAt: new Date(),
            waitingReason: `retrying: ${lost} (attempt ${attempt} of ${options.maxAttempts})`,
          },
        });
        await notifyJobs(tx, CHANNELS.queued, [id]);
      } else {
        await tx.job.update({
          where: { id },
          data: {
            status: "infrastructure_fail",
            leaseExpiresAt: null,
            finishedAt: new Date(),
            failureReason: `worker lost after ${job.attempt} attempt${job.attempt === 1 ? "" : "s"}: ${lost}`,
          },
        });
        await advanceWorkflow(tx, workflowId);
      }
      await releaseProjectSlot(tx, job.project_id);
      return {
        workerId: job.worker_id,
        retried: job.attempt < options.maxAttempts,
        attempt: job.attempt + 1,
      };
    });
    if (!outcome) continue;
    deadWorkers.add(outcome.workerId);
    if (outcome.retried) result.requeued.push({ jobId: id, attempt: outcome.attempt });
    else result.failed.push(id);
  }
  result.deadWorkerIds = [...deadWorkers];
  return result;
}
