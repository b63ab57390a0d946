import { rerunVisibleWorkflow, ZRerunWorkflowSchema } from "@cairn/api";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { readJsonBody } from "~/server/rest/request-body.ts";
import { jsonResponse } from "~/server/rest/responses.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

/** `{jobs?, from_failed?}`: an empty body reruns the whole workflow. */
export const POST = handleRoute<{ id: string }>(async (request, { id }) => {
  const viewer = await authenticateRequest(request);
  const input = await readJsonBody(request, ZRerunWorkflowSchema);
  return jsonResponse(await rerunVisibleWorkflow(restServices().db, viewer, id, input), 202);
});
