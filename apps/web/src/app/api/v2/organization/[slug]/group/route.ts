import { createGroup, listGroups } from "@cairn/api";
import { z } from "zod";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { readJsonBody } from "~/server/rest/request-body.ts";
import { jsonResponse } from "~/server/rest/responses.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

const ZGroupBodySchema = z.object({ name: z.string() });

/** The organization's groups with their members (members of the organization). */
export const GET = handleRoute<{ slug: string }>(async (request, { slug }) => {
  const viewer = await authenticateRequest(request);
  return jsonResponse({ items: await listGroups(restServices(), viewer, slug) });
});

/** A new group (owners and admins of the organization). */
export const POST = handleRoute<{ slug: string }>(async (request, { slug }) => {
  const viewer = await authenticateRequest(request);
  const { name } = await readJsonBody(request, ZGroupBodySchema);
  return jsonResponse(
    await createGroup(restServices(), viewer, { name, organizationSlug: slug }),
    201,
  );
});
