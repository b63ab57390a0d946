import type { Pipeline, Workflow } from "@cairn/db";
import { isoTime } from "./time.ts";

/** A workflow in CircleCI's shape. */
export function presentWorkflow(
  workflow: Workflow,
  pipeline: Pick<Pipeline, "id" | "number" | "triggeredById">,
  projectSlug: string,
) {
  return {
    pipeline_id: pipeline.id,
    id: workflow.id,
    name: workflow.name,
    project_slug: projectSlug,
    status: workflow.status,
    started_by: workflow.startedById ?? pipeline.triggeredById,
    canceled_by: workflow.canceledById,
    pipeline_number: pipeline.number,
    created_at: isoTime(workflow.createdAt),
    stopped_at: isoTime(workflow.stoppedAt),
  };
}
