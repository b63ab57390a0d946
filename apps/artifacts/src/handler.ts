import type { IncomingMessage, ServerResponse } from "node:http";
import {
  ArtifactPathError,
  type ArtifactRequest,
  artifactResponseHeaders,
  listFolder,
  parseArtifactHost,
  parseArtifactRequestPath,
  renderIndexPage,
  verifyArtifactToken,
} from "@cairn/artifact-serving";
import type { Db } from "@cairn/db";
import type { ArtifactBodies } from "./artifact-bodies.ts";
import { findProjectByLabel } from "./find-project.ts";
import { respondText } from "./respond.ts";
import { serveArtifact } from "./serve-artifact.ts";

export interface ArtifactsHandlerOptions {
  db: Db;
  bodies: ArtifactBodies;
  /** AUTH_SECRET: verifies signed links. */
  secret: string;
  /** Hosts are `<project label>.<baseDomain>`. */
  baseDomain: string;
  /** Logs a failure (message only). */
  onError?: (error: unknown) => void;
}

const NOT_FOUND = "No artifact at this address.";
const MAX_LISTED = 10_000;

/**
 * The artifacts origin: `GET /health`, and `GET|HEAD /[~token/]<job>[.<node>]/<path>` on
 * a project host. Everything that does not resolve to an artifact the caller may see is
 * the same 404, so a private project's existence does not leak. Cookies are never read.
 */
export function createArtifactsHandler(options: ArtifactsHandlerOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      await handle(options, req, res);
    } catch (error) {
      if (error instanceof ArtifactPathError) {
        respondText(res, error.status, error.message);
        return;
      }
      options.onError?.(error);
      if (!res.headersSent) respondText(res, 500, "Internal error.");
      else res.destroy();
    }
  };
}

async function handle(
  options: ArtifactsHandlerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const target = req.url ?? "/";
  if (req.method !== "GET" && req.method !== "HEAD") {
    respondText(res, 405, "Method not allowed.", { Allow: "GET, HEAD" });
    return;
  }
  if (target === "/health") {
    res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
    res.end(JSON.stringify({ status: "ok" }));
    return;
  }
  const label = parseArtifactHost(req.headers.host, options.baseDomain);
  if (!label) {
    respondText(res, 404, "Unknown host.");
    return;
  }
  const request = parseArtifactRequestPath(target);
  const { db } = options;
  const project = await findProjectByLabel(db, label);
  const allowed =
    project &&
    (project.visibility === "public" ||
      (request.token !== undefined &&
        verifyArtifactToken(request.token, options.secret, {
          projectId: project.id,
          jobNumber: request.jobNumber,
        })));
  if (!project || !allowed) {
    respondText(res, 404, NOT_FOUND);
    return;
  }
  const job = await db.job.findFirst({
    where: { projectId: project.id, number: request.jobNumber, parallelIndex: request.nodeIndex },
    select: { id: true },
  });
  if (!job) {
    respondText(res, 404, NOT_FOUND);
    return;
  }
  const file =
    request.path === "" || request.directory ? null : await findArtifact(db, job.id, request.path);
  if (file) {
    await serveArtifact(req, res, options.bodies, file);
    return;
  }
  await serveFolder(options, req, res, job.id, request);
}

async function serveFolder(
  options: ArtifactsHandlerOptions,
  req: IncomingMessage,
  res: ServerResponse,
  jobId: string,
  request: ArtifactRequest,
): Promise<void> {
  const prefix = request.path === "" ? "" : `${request.path}/`;
  const artifacts = await options.db.artifact.findMany({
    where: { jobId, path: { startsWith: prefix } },
    select: { path: true, size: true },
    orderBy: { path: "asc" },
    take: MAX_LISTED,
  });
  const listing = listFolder(
    artifacts.map((artifact) => ({ path: artifact.path, size: Number(artifact.size) })),
    request.path,
  );
  if (!listing) {
    respondText(res, 404, NOT_FOUND);
    return;
  }
  if (!request.directory) {
    // Relative links in the folder's page resolve against the URL: it must end in `/`.
    const last = (req.url ?? "").split("?", 1)[0]?.split("/").at(-1) ?? "";
    respondText(res, 301, "Moved.", { Location: `${last}/` });
    return;
  }
  const index = await findArtifact(options.db, jobId, `${prefix}index.html`);
  if (index) {
    await serveArtifact(req, res, options.bodies, index);
    return;
  }
  const title = `Job ${request.jobNumber}${request.nodeIndex ? ` (run ${request.nodeIndex})` : ""} / ${request.path}`;
  const html = renderIndexPage(title, listing, request.path === "");
  res.writeHead(200, {
    ...artifactResponseHeaders("text/html; charset=utf-8"),
    "Content-Length": String(Buffer.byteLength(html)),
  });
  res.end(req.method === "HEAD" ? undefined : html);
}

function findArtifact(db: Db, jobId: string, path: string) {
  return db.artifact.findUnique({
    where: { jobId_path: { jobId, path } },
    select: { storageKey: true, contentType: true },
  });
}
