import type { PlanJob } from "@cairn/config";
import { type Db, type Job, type Prisma, type Tx, withTransaction } from "@cairn/db";
import { advanceWorkflow } from "./advance.ts";
import type { RequiresMap } from "./dag.ts";
import { QueueError } from "./errors.ts";
import { buildJobRows, type JobRow } from "./job-rows.ts";
import { lockWorkflow } from "./locks.ts";
import { isWorkflowDone } from "./rollup.ts";
import { combinedOutcome } from "./statuses.ts";

export interface RerunOptions {
  /** Rerun only the jobs that did not succeed (and what depends on them). */
  fromFailed?: boolean;
  /** Rerun these jobs (any row id of a job selects all its parallel copies) and their dependents. */
  jobIds?: string[];
  /** The user who asked (Workflow.startedById). */
  startedById?: string;
  /**
   * Rerun with SSH: the chosen jobs (`jobIds`, not their dependents) keep their containers
   * up for SSH sessions of `startedById` after their steps.
   */
  enableSsh?: boolean;
}

export interface RerunResult {
  workflowId: string;
  /** Jobs that run again (new rows, new numbers). */
  rerunJobNames: string[];
  queuedJobIds: string[];
}

/**
 * Reruns a finished workflow as a new Workflow row (rerunOfId → the original), like
 * CircleCI's `POST /workflow/{id}/rerun {jobs, from_failed}`: everything; or the failed jobs;
 * or the jobs given — each time with every job downstream of them. Jobs that are not run
 * again are copied with their outcome (copiedFromId → the run they come from), so a job
 * that succeeded before satisfies its dependents at once.
 */
export async function rerunWorkflow(
  db: Db,
  workflowId: string,
  options: RerunOptions = {},
): Promise<RerunResult> {
  if (options.fromFailed && options.jobIds && options.jobIds.length > 0) {
    throw new QueueError("invalid_input", "rerun either from failed or the given jobs, not both");
  }
  if (options.enableSsh && (!options.jobIds?.length || !options.startedById)) {
    throw new QueueError("invalid_input", "rerun with SSH needs the jobs to rerun and who asks");
  }
  return withTransaction(db, async (tx) => {
    const { pipelineId } = await lockWorkflow(tx, workflowId);
    const source = await tx.workflow.findUniqueOrThrow({ where: { id: workflowId } });
    if (!isWorkflowDone(source.status)) {
      throw new QueueError(
        "invalid_state",
        `workflow ${source.name} is ${source.status}: only a finished workflow can be rerun`,
      );
    }
    const jobs = await tx.job.findMany({
      where: { workflowId },
      orderBy: [{ createdAt: "asc" }, { parallelIndex: "asc" }],
    });
    const rerunNames = withDependents(jobs, chooseJobs(jobs, options));

    const workflow = await tx.workflow.create({
      data: {
        pipelineId,
        name: source.name,
        rerunOfId: workflowId,
        startedById: options.startedById,
      },
      select: { id: true },
    });
    const rows = await rowsForRerun(tx, workflow.id, jobs, rerunNames);
    await tx.job.createMany({ data: rows });
    if (options.enableSsh) {
      const chosen = chooseJobs(jobs, options);
      await tx.job.updateMany({
        where: { workflowId: workflow.id, name: { in: [...chosen] }, copiedFromId: null },
        data: { sshRequestedById: options.startedById },
      });
    }
    const queuedJobIds = await advanceWorkflow(tx, workflow.id);
    return { workflowId: workflow.id, rerunJobNames: [...rerunNames], queuedJobIds };
  });
}

function chooseJobs(jobs: readonly Job[], options: RerunOptions): Set<string> {
  const names = new Set(jobs.map((job) => job.name));
  if (options.jobIds && options.jobIds.length > 0) {
    const chosen = new Set<string>();
    for (const id of options.jobIds) {
      const job = jobs.find((candidate) => candidate.id === id);
      if (!job) throw new QueueError("not_found", `job ${id} is not in this workflow`);
      chosen.add(job.name);
    }
    return chosen;
  }
  if (!options.fromFailed) return names;
  const failed = [...names].filter(
    (name) =>
      combinedOutcome(jobs.filter((job) => job.name === name).map((job) => job.status)) !==
      "success",
  );
  if (failed.length === 0) {
    throw new QueueError("invalid_state", "nothing to rerun from failed: every job succeeded");
  }
  return new Set(failed);
}

/** The chosen jobs and every job that (transitively) requires one of them. */
function withDependents(jobs: readonly Job[], chosen: Set<string>): Set<string> {
  const result = new Set(chosen);
  for (let grew = true; grew; ) {
    grew = false;
    for (const job of jobs) {
      if (result.has(job.name)) continue;
      if (Object.keys(job.requires as RequiresMap).some((name) => result.has(name))) {
        result.add(job.name);
        grew = true;
      }
    }
  }
  return result;
}

async function rowsForRerun(
  tx: Tx,
  workflowId: string,
  jobs: readonly Job[],
  rerunNames: Set<string>,
): Promise<JobRow[]> {
  const plans = new Map<string, PlanJob>();
  for (const job of jobs) {
    if (rerunNames.has(job.name)) plans.set(job.name, job.plan as unknown as PlanJob);
  }
  const projectId = jobs[0]!.projectId;
  const rerun = await buildJobRows(tx, projectId, workflowId, [...plans.values()]);
  const copies = jobs
    .filter((job) => !rerunNames.has(job.name))
    .map((job) => copyOf(job, workflowId));
  return [...copies, ...rerun];
}

function copyOf(job: Job, workflowId: string): JobRow {
  return {
    workflowId,
    projectId: job.projectId,
    name: job.name,
    type: job.type,
    status: job.status,
    // Numbers name runs; a copy is not a run, it points at one.
    number: null,
    copiedFromId: job.copiedFromId ?? job.id,
    requires: job.requires as Prisma.InputJsonValue,
    plan: job.plan as Prisma.InputJsonValue,
    contexts: job.contexts,
    attempt: job.attempt,
    parallelIndex: job.parallelIndex,
    parallelism: job.parallelism,
    workerId: job.workerId,
    createdAt: job.createdAt,
    queuedAt: job.queuedAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    failureReason: job.failureReason,
    approvedById: job.approvedById,
    approvedAt: job.approvedAt,
  };
}
