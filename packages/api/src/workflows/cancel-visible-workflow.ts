import type { Db } from "@cairn/db";
import { cancelWorkflow } from "@cairn/queue";
import { findVisibleWorkflow } from "../access/find-visible-pipeline.ts";
import type { Viewer } from "../access/viewer.ts";
import { withQueueErrors } from "../queue-errors.ts";

/** `POST /api/v2/workflow/{id}/cancel`: every unfinished job of it, recorded as the viewer's. */
export async function cancelVisibleWorkflow(db: Db, viewer: Viewer, workflowId: string) {
  const workflow = await findVisibleWorkflow(db, viewer, workflowId);
  const result = await withQueueErrors(() =>
    cancelWorkflow(db, workflow.id, { canceledById: viewer.id }),
  );
  return { message: "Accepted.", canceled_job_ids: result.canceledJobIds };
}
