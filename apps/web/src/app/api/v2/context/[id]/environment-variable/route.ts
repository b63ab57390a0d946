import { listContextVariables } from "@cairn/api";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { jsonResponse } from "~/server/rest/responses.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

/** The context's variables, names and masked values only. */
export const GET = handleRoute<{ id: string }>(async (request, { id }) => {
  const viewer = await authenticateRequest(request);
  return jsonResponse(await listContextVariables(restServices(), viewer, id));
});
