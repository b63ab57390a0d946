import type { Tx } from "@cairn/db";
import { QueueError } from "./errors.ts";

/**
 * Locks a workflow row for the rest of the transaction. Every change that can move a
 * workflow's DAG (finish, cancel, approve, expiry) takes this lock first and the job rows
 * after it; in that order no two of them deadlock, and two jobs finishing at the same
 * moment cannot both miss that the other ended (each re-reads the jobs under the lock).
 */
export async function lockWorkflow(tx: Tx, workflowId: string): Promise<{ pipelineId: string }> {
  const rows = await tx.$queryRaw<{ pipeline_id: string }[]>`
    SELECT pipeline_id FROM workflows WHERE id = ${workflowId} FOR UPDATE`;
  if (rows.length === 0) throw new QueueError("not_found", `workflow ${workflowId} not found`);
  return { pipelineId: rows[0]!.pipeline_id };
}

/** The workflow of a job, read without a lock (the caller locks the workflow next). */
export async function workflowOfJob(tx: Tx, jobId: string): Promise<string> {
  const job = await tx.job.findUnique({ where: { id: jobId }, select: { workflowId: true } });
  if (!job) throw new QueueError("not_found", `job ${jobId} not found`);
  return job.workflowId;
}
