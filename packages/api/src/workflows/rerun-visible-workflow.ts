import type { Db } from "@cairn/db";
import { rerunWorkflow } from "@cairn/queue";
import { z } from "zod";
import { findVisibleWorkflow } from "../access/find-visible-pipeline.ts";
import type { Viewer } from "../access/viewer.ts";
import { ApiError } from "../errors.ts";
import { withQueueErrors } from "../queue-errors.ts";

export const ZRerunWorkflowSchema = z.object({
  jobs: z.array(z.string().min(1).max(100)).max(1000).optional(),
  from_failed: z.boolean().optional(),
  /** Rerun with SSH (CircleCI's field): needs `jobs`, not `from_failed`. */
  enable_ssh: z.boolean().optional(),
});

export type TRerunWorkflow = z.infer<typeof ZRerunWorkflowSchema>;

/** `POST /api/v2/workflow/{id}/rerun`: a new workflow, all of it, from failed, or some jobs. */
export async function rerunVisibleWorkflow(
  db: Db,
  viewer: Viewer,
  workflowId: string,
  input: TRerunWorkflow,
) {
  if (input.enable_ssh && (!input.jobs || input.jobs.length === 0 || input.from_failed)) {
    throw new ApiError(
      "invalid_input",
      "enable_ssh needs the jobs to rerun in `jobs` and cannot be combined with from_failed.",
    );
  }
  const workflow = await findVisibleWorkflow(db, viewer, workflowId);
  const result = await withQueueErrors(() =>
    rerunWorkflow(db, workflow.id, {
      ...(input.from_failed !== undefined ? { fromFailed: input.from_failed } : {}),
      ...(input.jobs ? { jobIds: input.jobs } : {}),
      startedById: viewer.id,
      ...(input.enable_ssh ? { enableSsh: true } : {}),
    }),
  );
  return { workflow_id: result.workflowId };
}
