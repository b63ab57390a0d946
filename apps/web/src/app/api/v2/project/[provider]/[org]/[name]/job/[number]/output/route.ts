import { ApiError, findJobRun } from "@cairn/api";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { jobLogStream } from "~/server/rest/job-log.ts";
import { jobNumber, type ProjectParams, projectSlug } from "~/server/rest/path-params.ts";
import { blobStore, restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

/** `?step=N` and `?index=P` (parallel run) are optional whole numbers. */
function wholeNumberParam(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  if (!/^[0-9]{1,6}$/.test(text))
    throw new ApiError("invalid_input", `${name} must be a whole number ≥ 0.`);
  return Number(text);
}

/** The job's output as recorded (secrets already masked by the worker), as plain text. */
export const GET = handleRoute<ProjectParams & { number: string }>(async (request, params) => {
  const viewer = await authenticateRequest(request);
  const query = new URL(request.url).searchParams;
  const step = wholeNumberParam(query, "step");
  const index = wholeNumberParam(query, "index");
  const { db } = restServices();
  const run = await findJobRun(db, viewer, projectSlug(params), jobNumber(params), index);
  return new Response(jobLogStream(db, blobStore(), run.jobId, step), {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "X-Cairn-Job-Status": run.status,
    },
  });
});
