import type { JobStatus, Tx } from "@cairn/db";
import { CHANNELS, notifyJobs } from "./channels.ts";
import { checkContextAccess, workflowFacts } from "./context-access.ts";
import { type DagJob, type RequiresMap, releaseBlockedJobs } from "./dag.ts";
import { refreshProjectWaitingReasons } from "./project-limit.ts";
import { isWorkflowDone, pipelineStatusOf, workflowStatusOf } from "./rollup.ts";

/**
 * Moves a workflow on after any of its jobs changed: releases the blocked jobs whose
 * requirements are now decided, then recomputes the workflow's and the pipeline's status,
 * and NOTIFYs the newly queued jobs. A job that may not use one of its contexts is never
 * queued: it ends `unauthorized` with the reason, and no worker ever sees it. The caller
 * holds the workflow's lock (lockWorkflow). Returns the ids of the jobs it queued.
 */
export async function advanceWorkflow(tx: Tx, workflowId: string): Promise<string[]> {
  const jobs = await tx.job.findMany({
    where: { workflowId },
    select: {
      id: true,
      name: true,
      type: true,
      status: true,
      requires: true,
      projectId: true,
      contexts: true,
    },
  });
  const { changes, refused } = await releaseAuthorizedJobs(tx, workflowId, jobs);
  const byStatus = new Map<JobStatus, string[]>();
  for (const [id, status] of changes) byStatus.set(status, [...(byStatus.get(status) ?? []), id]);

  const now = new Date();
  for (const [status, ids] of byStatus) {
    if (status === "unauthorized") continue;
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
  await recordRefusals(tx, jobs, refused, now);

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

type Refusal = { reason: string; actorId: string | null; organizationId: string };
type AdvanceRow = DagJob & { projectId: string; contexts: string[] };

/**
 * releaseBlockedJobs, with each job about to be queued checked for its contexts first; a
 * refused job counts as `unauthorized`, which may in turn decide the jobs after it.
 */
async function releaseAuthorizedJobs(
  tx: Tx,
  workflowId: string,
  rows: (Omit<AdvanceRow, "requires"> & { requires: unknown })[],
) {
  const jobs = rows.map((row): AdvanceRow => ({ ...row, requires: row.requires as RequiresMap }));
  const refused = new Map<string, Refusal>();
  const verdictByName = new Map<string, Refusal | null>();
  let facts: Awaited<ReturnType<typeof workflowFacts>> | undefined;
  for (;;) {
    const changes = releaseBlockedJobs(
      jobs.map((job) => (refused.has(job.id) ? { ...job, status: "unauthorized" } : job)),
    );
    let refusedMore = false;
    for (const job of jobs) {
      if (changes.get(job.id) !== "queued" || job.contexts.length === 0) continue;
      if (!verdictByName.has(job.name)) {
        facts ??= await workflowFacts(tx, workflowId);
        const access = await checkContextAccess(tx, workflowId, job, facts);
        verdictByName.set(
          job.name,
          access.allowed
            ? null
            : {
                reason: access.reason,
                actorId: access.actorId,
                organizationId: facts.organizationId,
              },
        );
      }
      const reason = verdictByName.get(job.name);
      if (reason) {
        refused.set(job.id, reason);
        refusedMore = true;
      }
    }
    if (!refusedMore) {
      for (const id of refused.keys()) changes.set(id, "unauthorized");
      return { changes, refused };
    }
  }
}

/** Ends refused jobs as `unauthorized` with their reason, and audits each refusal. */
async function recordRefusals(
  tx: Tx,
  jobs: { id: string; name: string; projectId: string; contexts: string[] }[],
  refused: Map<string, Refusal>,
  now: Date,
) {
  for (const [id, { reason, actorId, organizationId }] of refused) {
    const job = jobs.find((candidate) => candidate.id === id)!;
    await tx.job.updateMany({
      where: { id, status: "blocked" },
      data: { status: "unauthorized", finishedAt: now, failureReason: reason },
    });
    const actor = actorId
      ? await tx.user.findUnique({ where: { id: actorId }, select: { login: true, name: true } })
      : null;
    // The same row @cairn/api's recordAudit writes; the queue sits below the API layer.
    await tx.auditEvent.create({
      data: {
        action: "context.use",
        actorId,
        actorType: actorId ? "user" : "system",
        actorName: actor?.login ?? actor?.name ?? null,
        targetType: "job",
        targetId: id,
        targetName: job.name,
        organizationId,
        projectId: job.projectId,
        success: false,
        metadata: { contexts: job.contexts, reason },
      },
    });
  }
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
