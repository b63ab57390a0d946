import type { Db } from "@cairn/db";
import { rerunWorkflow } from "@cairn/queue";
import { z } from "zod";
import { findVisibleWorkflow } from "../access/find-visible-pipeline.ts";
import type { Viewer } from "../access/viewer.ts";
import { withQueueErrors } from "../queue-errors.ts";

export const ZRerunWorkflowSchema = z.object({
  jobs: z.array(z.string().min(1).max(100)).max(1000).optional(),
  from_failed: z.boolean().optional(),
});

export type TRerunWorkflow = z.infer<typeof ZRerunWorkflowSchema>;

/** `POST /api/v2/workflow/{id}/rerun`: a new workflow, all of it, from failed, or some jobs. */
export async function rerunVisibleWorkflow(
  db: Db,
  viewer: Viewer,
  workflowId: string,
  input: TRerunWorkflow,
) {
  const workflow = await findVisibleWorkflow(db, viewer, workflowId);
  const result = await withQueueErrors(() =>
    rerunWorkflow(db, workflow.id, {
      ...(input.from_failed !== undefined ? { fromFailed: input.from_failed } : {}),
      ...(input.jobs ? { jobIds: input.jobs } : {}),
      startedById: viewer.id,
    }),
  );
  return { workflow_id: result.workflowId };
}
