import type { Db } from "@cairn/db";
import type { Viewer } from "../../../access/viewer.ts";
import { getPipeline } from "../../../pipelines/get-pipeline.ts";
import { listPipelineWorkflows } from "../../../pipelines/list-pipeline-workflows.ts";
import { listWorkflowJobs } from "../../../workflows/list-workflow-jobs.ts";
import { durationBetween } from "./duration.ts";
import { pipelineDurations } from "./pipeline-durations.ts";
import type { TPipelineDetail } from "./schemas.ts";
import { summarizePipeline } from "./summarize-pipeline.ts";

/** A pipeline with its workflows and their jobs (dependencies by name), for its page. */
export async function getPipelineDetail(
  db: Db,
  viewer: Viewer,
  pipelineId: string,
): Promise<TPipelineDetail> {
  const pipeline = await getPipeline(db, viewer, pipelineId);
  const workflows = await listPipelineWorkflows(db, viewer, pipelineId);
  const durations = await pipelineDurations(db, [pipelineId]);
  return {
    pipeline: summarizePipeline(pipeline, durations.get(pipelineId) ?? null),
    workflows: await Promise.all(
      workflows.items.map(async (workflow) => {
        const { items } = await listWorkflowJobs(db, viewer, workflow.id);
        const namesById = new Map(items.map((job) => [job.id, job.name]));
        return {
          id: workflow.id,
          name: workflow.name,
          status: workflow.status,
          createdAt: workflow.created_at,
          stoppedAt: workflow.stopped_at,
          jobs: items.map((job) => ({
            id: job.id,
            name: job.name,
            number: job.job_number,
            type: job.type,
            status: job.status,
            requires: job.dependencies.flatMap((id) => namesById.get(id) ?? []),
            startedAt: job.started_at,
            stoppedAt: job.stopped_at,
            durationMs: durationBetween(job.started_at, job.stopped_at),
          })),
        };
      }),
    ),
  };
}
