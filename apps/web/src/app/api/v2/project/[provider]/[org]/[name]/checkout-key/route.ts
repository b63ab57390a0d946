import { listCheckoutKeys } from "@cairn/api";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { type ProjectParams, projectSlug } from "~/server/rest/path-params.ts";
import { jsonResponse } from "~/server/rest/responses.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

/** The project's deploy key, the one Cairn checks out with (public half only). */
export const GET = handleRoute<ProjectParams>(async (request, params) => {
  const viewer = await authenticateRequest(request);
  return jsonResponse(await listCheckoutKeys(restServices().db, viewer, projectSlug(params)));
});
