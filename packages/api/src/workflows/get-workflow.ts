import type { Db } from "@cairn/db";
import { findVisibleWorkflow } from "../access/find-visible-pipeline.ts";
import type { Viewer } from "../access/viewer.ts";
import { presentWorkflow } from "../presenters/present-workflow.ts";

/** `GET /api/v2/workflow/{id}`. */
export async function getWorkflow(db: Db, viewer: Viewer, workflowId: string) {
  const workflow = await findVisibleWorkflow(db, viewer, workflowId);
  return presentWorkflow(workflow, workflow.pipeline, workflow.pipeline.project.slug);
}
