import { getProjectJob } from "@cairn/api";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { jobNumber, type ProjectParams, projectSlug } from "~/server/rest/path-params.ts";
import { jsonResponse } from "~/server/rest/responses.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

export const GET = handleRoute<ProjectParams & { number: string }>(async (request, params) => {
  const viewer = await authenticateRequest(request);
  const services = restServices();
  return jsonResponse(
    await getProjectJob(
      services.db,
      viewer,
      projectSlug(params),
      jobNumber(params),
      services.baseUrl,
    ),
  );
});
