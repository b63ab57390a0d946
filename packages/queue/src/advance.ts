import type { JobStatus, Tx } from "@cairn/db";
import { CHANNELS, notifyJobs } from "./channels.ts";
import { type DagJob, type RequiresMap, releaseBlockedJobs } from "./dag.ts";
import { refreshProjectWaitingReasons } from "./project-limit.ts";
import { isWorkflowDone, pipelineStatusOf, workflowStatusOf } from "./rollup.ts";

/**
 * Moves a workflow on after any of its jobs changed: releases the blocked jobs whose
 * requirements are now decided, then recomputes the workflow's and the pipeline's status,
 * and NOTIFYs the newly queued jobs. The caller holds the workflow's lock (lockWorkflow).
 * Returns the ids of the jobs it queued.
 */
export async function advanceWorkflow(tx: Tx, workflowId: string): Promise<string[]> {
  const jobs = await tx.job.findMany({
    where: { workflowId },
    select: { id: true, name: true, type: true, status: true, requires: true, projectId: true },
  });
  const changes = releaseBlockedJobs(
    jobs.map((job): DagJob => ({ ...job, requires: job.requires as RequiresMap })),
  );
  const byStatus = new Map<JobStatus, string[]>();
  for (const [id, status] of changes) byStatus.set(status, [...(byStatus.get(status) ?? []), id]);

  const now = new Date();
  for (const [status, ids] of byStatus) {
    const ended = status === "success" || status === "not_run";
    await tx.job.updateMany({
      where: { id: { in: ids }, status: "blocked" },
      data: {
        status,
        queuedAt: status === "queued" ? now : undefined,
        // A no-op "runs" for no time at all; not_run never started.
        startedAt: status === "success" ? now : undefined,
        finishedAt: ended ? now : undefined,
      },
    });
  }

  const queued = byStatus.get("queued") ?? [];
  if (queued.length > 0) await refreshProjectWaitingReasons(tx, jobs[0]!.projectId);
  await notifyJobs(tx, CHANNELS.queued, queued);
  await updateWorkflowStatus(
    tx,
    workflowId,
    jobs.map((job) => changes.get(job.id) ?? job.status),
  );
  return queued;
}

async function updateWorkflowStatus(
  tx: Tx,
  workflowId: string,
  jobStatuses: JobStatus[],
): Promise<void> {
  const status = workflowStatusOf(jobStatuses);
  const workflow = await tx.workflow.findUniqueOrThrow({
    where: { id: workflowId },
    select: { status: true, stoppedAt: true, pipelineId: true },
  });
  const stoppedAt = isWorkflowDone(status) ? (workflow.stoppedAt ?? new Date()) : null;
  if (workflow.status !== status || workflow.stoppedAt?.getTime() !== stoppedAt?.getTime()) {
    await tx.workflow.update({ where: { id: workflowId }, data: { status, stoppedAt } });
  }
  await updatePipelineStatus(tx, workflow.pipelineId);
}

/** The pipeline follows the current run of each workflow: a rerun supersedes its original. */
export async function updatePipelineStatus(tx: Tx, pipelineId: string): Promise<void> {
  const workflows = await tx.workflow.findMany({
    where: { pipelineId, reruns: { none: {} } },
    select: { status: true },
  });
  await tx.pipeline.updateMany({
    where: { id: pipelineId, state: { not: "errored" } },
    data: { status: pipelineStatusOf(workflows.map((workflow) => workflow.status)) },
  });
}
