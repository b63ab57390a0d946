import { addGroupMember, removeGroupMember } from "@cairn/api";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { jsonResponse } from "~/server/rest/responses.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

interface MemberParams {
  id: string;
  userId: string;
}

/** Adds a member of the group's organization to the group (owners and admins). */
export const PUT = handleRoute<MemberParams>(async (request, { id, userId }) => {
  const viewer = await authenticateRequest(request);
  return jsonResponse(await addGroupMember(restServices(), viewer, id, userId));
});

export const DELETE = handleRoute<MemberParams>(async (request, { id, userId }) => {
  const viewer = await authenticateRequest(request);
  return jsonResponse(await removeGroupMember(restServices(), viewer, id, userId));
});
