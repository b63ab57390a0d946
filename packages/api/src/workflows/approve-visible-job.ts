import type { Db } from "@cairn/db";
import { approveJob } from "@cairn/queue";
import { findVisibleWorkflow } from "../access/find-visible-pipeline.ts";
import type { Viewer } from "../access/viewer.ts";
import { ApiError } from "../errors.ts";
import { withQueueErrors } from "../queue-errors.ts";

const MAX_ID_LENGTH = 100;

/**
 * `POST /api/v2/workflow/{id}/approve/{approval_request_id}`: the request id is the approval
 * job's id, and it must belong to that workflow.
 */
export async function approveVisibleJob(
  db: Db,
  viewer: Viewer,
  workflowId: string,
  approvalRequestId: string,
) {
  const workflow = await findVisibleWorkflow(db, viewer, workflowId);
  const job =
    approvalRequestId.length <= MAX_ID_LENGTH
      ? await db.job.findFirst({
          where: { id: approvalRequestId, workflowId: workflow.id, type: "approval" },
          select: { id: true },
        })
      : null;
  if (!job) throw new ApiError("not_found", "Approval request not found");
  await withQueueErrors(() => approveJob(db, job.id, { approvedById: viewer.id }));
  return { message: "Accepted." };
}
