import { createContext, listContexts, ZCreateContextSchema } from "@cairn/api";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { readJsonBody } from "~/server/rest/request-body.ts";
import { jsonResponse } from "~/server/rest/responses.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

/** Creates a context in the viewer's organization, or in `owner.slug` if they run it. */
export const POST = handleRoute(async (request) => {
  const viewer = await authenticateRequest(request);
  const input = await readJsonBody(request, ZCreateContextSchema);
  return jsonResponse(await createContext(restServices(), viewer, input), 201);
});

/** An organization's contexts (`?owner-slug=`; the viewer's own without it). */
export const GET = handleRoute(async (request) => {
  const viewer = await authenticateRequest(request);
  const ownerSlug = new URL(request.url).searchParams.get("owner-slug") ?? undefined;
  return jsonResponse(await listContexts(restServices(), viewer, ownerSlug));
});
