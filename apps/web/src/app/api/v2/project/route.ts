import { createGitProject, ZCreateGitProjectSchema } from "@cairn/api";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { readJsonBody } from "~/server/rest/request-body.ts";
import { jsonResponse } from "~/server/rest/responses.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

/** Adds a project on any git server; the answer is the only place its webhook secret shows. */
export const POST = handleRoute(async (request) => {
  const viewer = await authenticateRequest(request);
  const input = await readJsonBody(request, ZCreateGitProjectSchema);
  const {
    id: _id,
    deploy_key_fingerprint: _fingerprint,
    ...created
  } = await createGitProject(restServices(), viewer, input);
  return jsonResponse(created, 201);
});
