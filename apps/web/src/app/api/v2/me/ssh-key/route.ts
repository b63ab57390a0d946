import { addSshKey, listSshKeys, ZAddSshKeySchema } from "@cairn/api";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { readJsonBody } from "~/server/rest/request-body.ts";
import { jsonResponse } from "~/server/rest/responses.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

/** The caller's SSH keys for rerun-with-SSH sessions. */
export const GET = handleRoute(async (request) => {
  const viewer = await authenticateRequest(request);
  return jsonResponse({
    items: await listSshKeys(restServices().db, viewer),
    next_page_token: null,
  });
});

/** `{title, key}`: registers a public key (`ssh-ed25519 AAAA…`). */
export const POST = handleRoute(async (request) => {
  const viewer = await authenticateRequest(request);
  const input = await readJsonBody(request, ZAddSshKeySchema);
  return jsonResponse(await addSshKey(restServices().db, viewer, input), 201);
});
