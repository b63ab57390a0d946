import { receiveGitHook } from "@cairn/api";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { readRawBody } from "~/server/rest/request-body.ts";
import { jsonResponse } from "~/server/rest/responses.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

/** A push body is a few hundred bytes; anything near this limit is not one. */
const HOOK_BODY_LIMIT = 1024 * 1024;

/**
 * A signed push from any git server (`packages/vcs/hooks/post-receive`), addressed by the
 * project's slug or id. The signature is the authentication: no token or cookie.
 */
export const POST = handleRoute<{ project: string[] }>(async (request, { project }) => {
  const rawBody = await readRawBody(request, HOOK_BODY_LIMIT);
  const reference = project.map((part) => decodeURIComponent(part)).join("/");
  const outcome = await receiveGitHook(restServices(), reference, {
    headers: request.headers,
    rawBody,
  });
  switch (outcome.status) {
    case "created":
      return jsonResponse({ pipeline_id: outcome.pipelineId, number: outcome.number }, 202);
    case "duplicate":
      return jsonResponse({ status: "duplicate", delivery: outcome.deliveryId });
    case "ignored":
      return jsonResponse({ status: "ignored", reason: outcome.reason });
  }
});
