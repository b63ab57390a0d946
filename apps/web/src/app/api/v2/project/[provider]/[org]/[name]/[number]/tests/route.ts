import { listJobTests } from "@cairn/api";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { jobNumber, type ProjectParams, projectSlug } from "~/server/rest/path-params.ts";
import { jsonResponse } from "~/server/rest/responses.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

/** CircleCI's `GET /project/{slug}/{job-number}/tests`. */
export const GET = handleRoute<ProjectParams & { number: string }>(async (request, params) => {
  const viewer = await authenticateRequest(request);
  return jsonResponse(
    await listJobTests(restServices().db, viewer, projectSlug(params), jobNumber(params)),
  );
});
