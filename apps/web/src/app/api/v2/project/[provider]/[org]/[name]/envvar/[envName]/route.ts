import { deleteProjectEnvVar, getProjectEnvVar } from "@cairn/api";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { type ProjectParams, projectSlug } from "~/server/rest/path-params.ts";
import { jsonResponse } from "~/server/rest/responses.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

type EnvVarParams = ProjectParams & { envName: string };

export const GET = handleRoute<EnvVarParams>(async (request, params) => {
  const viewer = await authenticateRequest(request);
  return jsonResponse(
    await getProjectEnvVar(restServices().db, viewer, projectSlug(params), params.envName),
  );
});

export const DELETE = handleRoute<EnvVarParams>(async (request, params) => {
  const viewer = await authenticateRequest(request);
  return jsonResponse(
    await deleteProjectEnvVar(restServices().db, viewer, projectSlug(params), params.envName),
  );
});
