import { openApiDocument } from "@cairn/api";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { jsonResponse } from "~/server/rest/responses.ts";

export const dynamic = "force-dynamic";

/** Public: the document describes the API, not anyone's data. */
export const GET = handleRoute(async () => jsonResponse(openApiDocument));
