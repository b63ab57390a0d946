import type { Db } from "@cairn/db";
import { approveJob } from "@cairn/queue";
import { findVisibleWorkflow } from "../access/find-visible-pipeline.ts";
import type { Viewer } from "../access/viewer.ts";
import { audited } from "../audit/record-audit.ts";
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
  const note = {
    action: "job.approve",
    target: { type: "job", id: approvalRequestId.slice(0, MAX_ID_LENGTH) },
    metadata: { workflowId: workflowId.slice(0, MAX_ID_LENGTH) },
  };
  return audited(db, viewer, note, async () => {
    const workflow = await findVisibleWorkflow(db, viewer, workflowId);
    const job =
      approvalRequestId.length <= MAX_ID_LENGTH
        ? await db.job.findFirst({
            where: { id: approvalRequestId, workflowId: workflow.id, type: "approval" },
            select: {
              id: true,
              name: true,
              project: { select: { id: true, organizationId: true } },
            },
          })
        : null;
    if (!job) throw new ApiError("not_found", "Approval request not found");
    Object.assign(note.target, { name: job.name });
    Object.assign(note, { projectId: job.project.id, organizationId: job.project.organizationId });
    await withQueueErrors(() => approveJob(db, job.id, { approvedById: viewer.id }));
    return { message: "Accepted." };
  });
}
