import type { Db } from "@cairn/db";
import { findVisiblePipeline } from "../access/find-visible-pipeline.ts";
import type { Viewer } from "../access/viewer.ts";
import { presentWorkflow } from "../presenters/present-workflow.ts";

/** `GET /api/v2/pipeline/{id}/workflow`: every workflow, reruns included, oldest first. */
export async function listPipelineWorkflows(db: Db, viewer: Viewer, pipelineId: string) {
  const pipeline = await findVisiblePipeline(db, viewer, pipelineId);
  const workflows = await db.workflow.findMany({
    where: { pipelineId: pipeline.id },
    orderBy: [{ createdAt: "asc" }, { name: "asc" }],
  });
  return {
    items: workflows.map((workflow) => presentWorkflow(workflow, pipeline, pipeline.project.slug)),
    next_page_token: null,
  };
}
