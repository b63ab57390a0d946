import { auditEventsCsv, auditFilterFromQuery } from "@cairn/api";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

/**
 * The audit log as CSV, with the page's filters as query parameters. Administrators (and
 * organization owners/admins, for their organizations) only: anyone else signed in gets
 * 404, an anonymous caller 401.
 */
export const GET = handleRoute(async (request) => {
  const viewer = await authenticateRequest(request);
  const filter = auditFilterFromQuery(new URL(request.url).searchParams);
  const { csv, truncated } = await auditEventsCsv(restServices().db, viewer, filter);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="cairn-audit-${day}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      ...(truncated ? { "X-Cairn-Truncated": "true" } : {}),
    },
  });
});
