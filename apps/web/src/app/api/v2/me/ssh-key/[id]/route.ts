import { deleteSshKey } from "@cairn/api";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { jsonResponse } from "~/server/rest/responses.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

export const DELETE = handleRoute<{ id: string }>(async (request, { id }) => {
  const viewer = await authenticateRequest(request);
  await deleteSshKey(restServices().db, viewer, id);
  return jsonResponse({ message: "Deleted." });
});
