import {
  addContextRestriction,
  listContextRestrictions,
  ZContextRestrictionInputSchema,
} from "@cairn/api";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { readJsonBody } from "~/server/rest/request-body.ts";
import { jsonResponse } from "~/server/rest/responses.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

/** Who may use the context: its project and group restrictions. */
export const GET = handleRoute<{ id: string }>(async (request, { id }) => {
  const viewer = await authenticateRequest(request);
  return jsonResponse(await listContextRestrictions(restServices(), viewer, id));
});

/** `{restriction_type: "project" | "group", restriction_value: <id>}` (owners and admins). */
export const POST = handleRoute<{ id: string }>(async (request, { id }) => {
  const viewer = await authenticateRequest(request);
  const input = await readJsonBody(request, ZContextRestrictionInputSchema);
  return jsonResponse(await addContextRestriction(restServices(), viewer, id, input), 201);
});
