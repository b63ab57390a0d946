import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import {
  artifactResponseHeaders,
  contentRange,
  isActiveContentType,
  parseRange,
  safeContentType,
} from "@cairn/artifact-serving";
import type { ArtifactBodies } from "./artifact-bodies.ts";
import { respondText } from "./respond.ts";

/**
 * Streams one artifact, whole or the one byte range asked for, never buffering the body;
 * or, for a passive type when the backend can, redirects to a short-lived direct URL.
 */
export async function serveArtifact(
  req: IncomingMessage,
  res: ServerResponse,
  bodies: ArtifactBodies,
  artifact: { storageKey: string; contentType: string | null },
): Promise<void> {
  const contentType = safeContentType(artifact.contentType);
  if (bodies.redirectUrl && !isActiveContentType(contentType)) {
    const location = await bodies.redirectUrl(artifact.storageKey, contentType);
    if (location) respondText(res, 302, "Found.", { Location: location });
    else respondText(res, 404, "No artifact at this address.");
    return;
  }
  const body = await bodies.open(artifact.storageKey);
  if (!body) {
    respondText(res, 404, "No artifact at this address.");
    return;
  }
  try {
    const headers = {
      ...artifactResponseHeaders(contentType),
      "Accept-Ranges": "bytes",
    };
    const range = parseRange(req.headers.range, body.size);
    if (range.kind === "unsatisfiable") {
      respondText(res, 416, "Range not satisfiable.", {
        "Content-Range": contentRange(range, body.size),
      });
      return;
    }
    const partial = range.kind === "partial";
    const length = partial ? range.end - range.start + 1 : body.size;
    res.writeHead(partial ? 206 : 200, {
      ...headers,
      "Content-Length": String(length),
      ...(partial ? { "Content-Range": contentRange(range, body.size) } : {}),
    });
    if (req.method === "HEAD" || length === 0) {
      res.end();
      return;
    }
    await pipeline(body.stream(partial ? range : undefined), res);
  } finally {
    await body.close().catch(() => undefined);
  }
}
