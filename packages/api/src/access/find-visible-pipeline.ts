import type { Db } from "@cairn/db";
import { ApiError } from "../errors.ts";
import { canSeeOrganization } from "./can-see-organization.ts";
import type { Viewer } from "./viewer.ts";

const MAX_ID_LENGTH = 100;

/** A pipeline by id, with its project, if the viewer may see it; else not_found. */
export async function findVisiblePipeline(db: Db, viewer: Viewer, pipelineId: string) {
  const pipeline =
    pipelineId.length <= MAX_ID_LENGTH
      ? await db.pipeline.findUnique({ where: { id: pipelineId }, include: { project: true } })
      : null;
  if (!pipeline || !(await canSeeOrganization(db, viewer, pipeline.project.organizationId))) {
    throw new ApiError("not_found", "Pipeline not found");
  }
  return pipeline;
}

/** A workflow by id, with its pipeline and project, if the viewer may see it; else not_found. */
export async function findVisibleWorkflow(db: Db, viewer: Viewer, workflowId: string) {
  const workflow =
    workflowId.length <= MAX_ID_LENGTH
      ? await db.workflow.findUnique({
          where: { id: workflowId },
          include: { pipeline: { include: { project: true } } },
        })
      : null;
  if (
    !workflow ||
    !(await canSeeOrganization(db, viewer, workflow.pipeline.project.organizationId))
  ) {
    throw new ApiError("not_found", "Workflow not found");
  }
  return workflow;
}
