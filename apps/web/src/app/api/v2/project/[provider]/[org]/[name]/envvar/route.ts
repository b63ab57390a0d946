import { listProjectEnvVars, upsertProjectEnvVar, ZCreateEnvVarSchema } from "@cairn/api";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { type ProjectParams, projectSlug } from "~/server/rest/path-params.ts";
import { readJsonBody } from "~/server/rest/request-body.ts";
import { jsonResponse } from "~/server/rest/responses.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

/** Names with masked values (`xxxx` + last 4), never the values themselves. */
export const GET = handleRoute<ProjectParams>(async (request, params) => {
  const viewer = await authenticateRequest(request);
  return jsonResponse(await listProjectEnvVars(restServices().db, viewer, projectSlug(params)));
});

/** `{name, value}`: creates the variable or replaces its value. */
export const POST = handleRoute<ProjectParams>(async (request, params) => {
  const viewer = await authenticateRequest(request);
  const input = await readJsonBody(request, ZCreateEnvVarSchema);
  return jsonResponse(
    await upsertProjectEnvVar(restServices(), viewer, projectSlug(params), input),
    201,
  );
});
