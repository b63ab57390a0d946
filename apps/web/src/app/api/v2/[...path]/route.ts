import { errorResponse } from "~/server/rest/responses.ts";

export const dynamic = "force-dynamic";

/** Any other `/api/v2` path answers in the API's own form rather than with an HTML page. */
const notFound = async () => errorResponse(404, "Not found: no such API route.");

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
