import {
  listProjectPipelines,
  triggerProjectPipeline,
  ZTriggerProjectPipelineSchema,
} from "@cairn/api";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { type ProjectParams, projectSlug } from "~/server/rest/path-params.ts";
import { readJsonBody } from "~/server/rest/request-body.ts";
import { jsonResponse } from "~/server/rest/responses.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

/** Newest first; `?branch=` filters, `?page-token=` continues from a `next_page_token`. */
export const GET = handleRoute<ProjectParams>(async (request, params) => {
  const viewer = await authenticateRequest(request);
  const query = new URL(request.url).searchParams;
  const branch = query.get("branch");
  const pageToken = query.get("page-token") ?? query.get("page_token");
  const page = await listProjectPipelines(restServices().db, viewer, projectSlug(params), {
    ...(branch ? { branch } : {}),
    ...(pageToken ? { pageToken } : {}),
  });
  return jsonResponse(page);
});

/** `{branch | tag, parameters}`; neither branch nor tag builds the default branch. */
export const POST = handleRoute<ProjectParams>(async (request, params) => {
  const viewer = await authenticateRequest(request);
  const input = await readJsonBody(request, ZTriggerProjectPipelineSchema);
  const created = await triggerProjectPipeline(restServices(), viewer, projectSlug(params), input);
  return jsonResponse(created, 201);
});
