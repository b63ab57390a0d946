import type { Db } from "@cairn/db";
import { findVisiblePipeline } from "../access/find-visible-pipeline.ts";
import type { Viewer } from "../access/viewer.ts";
import { presentPipeline } from "../presenters/present-pipeline.ts";

/** `GET /api/v2/pipeline/{id}`. */
export async function getPipeline(db: Db, viewer: Viewer, pipelineId: string) {
  const pipeline = await findVisiblePipeline(db, viewer, pipelineId);
  return presentPipeline(pipeline, pipeline.project);
}
