import { cancelVisibleWorkflow } from "@cairn/api";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { jsonResponse } from "~/server/rest/responses.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

export const POST = handleRoute<{ id: string }>(async (request, { id }) => {
  const viewer = await authenticateRequest(request);
  return jsonResponse(await cancelVisibleWorkflow(restServices().db, viewer, id), 202);
});
