import type { Db } from "@cairn/db";
import type { Viewer } from "../../../access/viewer.ts";
import { ApiError } from "../../../errors.ts";
import { cancelProjectJob } from "../../../jobs/cancel-project-job.ts";
import { rerunVisibleWorkflow } from "../../../workflows/rerun-visible-workflow.ts";
import { findVisibleJobById } from "../jobs/find-visible-job-by-id.ts";

/** Cancels the job (every parallel copy) behind a job page, through the REST API's service. */
export async function cancelJobRun(db: Db, viewer: Viewer, jobId: string) {
  const run = await findVisibleJobById(db, viewer, jobId);
  if (run.number === null) throw new ApiError("not_found", "Job not found");
  const result = await cancelProjectJob(db, viewer, run.project.slug, run.number);
  return { canceledJobIds: result.canceled_job_ids };
}

/** Reruns the job's finished workflow for this job and what depends on it. */
export async function rerunJobRun(db: Db, viewer: Viewer, jobId: string) {
  const run = await findVisibleJobById(db, viewer, jobId);
  const result = await rerunVisibleWorkflow(db, viewer, run.workflowId, { jobs: [run.id] });
  return { workflowId: result.workflow_id };
}
