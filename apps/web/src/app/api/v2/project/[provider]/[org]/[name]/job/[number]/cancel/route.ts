import { cancelProjectJob } from "@cairn/api";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { jobNumber, type ProjectParams, projectSlug } from "~/server/rest/path-params.ts";
import { jsonResponse } from "~/server/rest/responses.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

export const POST = handleRoute<ProjectParams & { number: string }>(async (request, params) => {
  const viewer = await authenticateRequest(request);
  const result = await cancelProjectJob(
    restServices().db,
    viewer,
    projectSlug(params),
    jobNumber(params),
  );
  return jsonResponse(result, 202);
});
