import { createServer, type Server } from "node:http";
import { type ArtifactsHandlerOptions, createArtifactsHandler } from "./handler.ts";

/** The artifacts HTTP server (not yet listening). */
export function createArtifactsServer(options: ArtifactsHandlerOptions): Server {
  const handler = createArtifactsHandler(options);
  const server = createServer({ maxHeaderSize: 16 * 1024 }, (req, res) => {
    void handler(req, res);
  });
  // A slow or stalled client must not hold a connection forever.
  server.requestTimeout = 60_000;
  server.headersTimeout = 15_000;
  return server;
}
