import type { Db } from "@cairn/db";
import type { Viewer } from "../../../access/viewer.ts";
import { ApiError } from "../../../errors.ts";
import { getProjectJob } from "../../../jobs/get-project-job.ts";
import { durationBetween } from "../pipelines/duration.ts";
import { findVisibleJobById } from "./find-visible-job-by-id.ts";
import type { TJobDetail } from "./schemas.ts";

const UNFINISHED = ["blocked", "queued", "running", "on_hold"];

/** A job run by id, with its steps and their durations, for the job page. */
export async function getJobDetail(
  db: Db,
  viewer: Viewer,
  jobId: string,
  baseUrl: string,
): Promise<TJobDetail> {
  const run = await findVisibleJobById(db, viewer, jobId);
  // Approval and no-op jobs have no number, no steps and no output: nothing to show.
  if (run.number === null) throw new ApiError("not_found", "Job not found");
  const job = await getProjectJob(db, viewer, run.project.slug, run.number, baseUrl);
  const copy = job.parallel_runs.find((candidate) => candidate.index === run.parallelIndex);
  const steps = copy?.steps ?? job.steps;
  return {
    id: run.id,
    name: job.name,
    number: run.number,
    parallelIndex: run.parallelIndex,
    status: run.status,
    finished: !UNFINISHED.includes(run.status),
    projectSlug: run.project.slug,
    pipelineId: job.pipeline.id,
    workflow: job.latest_workflow,
    startedAt: run.startedAt?.toISOString() ?? null,
    stoppedAt: run.finishedAt?.toISOString() ?? null,
    durationMs: durationBetween(run.startedAt, run.finishedAt),
    resourceClass: job.executor.resource_class,
    failureReason: run.failureReason,
    waitingReason: run.waitingReason,
    logTruncated: run.logTruncated,
    steps: steps.map((step) => ({
      index: step.index,
      name: step.name,
      status: step.status,
      exitCode: step.exit_code,
      startedAt: step.started_at,
      stoppedAt: step.stopped_at,
      durationMs: durationBetween(step.started_at, step.stopped_at),
    })),
  };
}
