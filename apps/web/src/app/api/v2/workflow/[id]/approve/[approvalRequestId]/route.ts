import { approveVisibleJob } from "@cairn/api";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { jsonResponse } from "~/server/rest/responses.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

/** The approval request id is the approval job's id (as in CircleCI). */
export const POST = handleRoute<{ id: string; approvalRequestId: string }>(
  async (request, { id, approvalRequestId }) => {
    const viewer = await authenticateRequest(request);
    return jsonResponse(
      await approveVisibleJob(restServices().db, viewer, id, approvalRequestId),
      202,
    );
  },
);
