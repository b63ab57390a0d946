// One Node server for the web app: Next.js and the socket.io gateway on one port.
import { createServer } from "node:http";
import { runCommitStatusReporter, runWebhookProcessor } from "@cairn/api";
import { readSettingsOrExit } from "@cairn/env";
import next from "next";
import { Server as SocketServer } from "socket.io";
import { webEnv } from "./src/env.ts";
import { stampClientIp } from "./src/server/client-ip.ts";
import { startRepositorySync } from "./src/server/repository-sync.ts";
import { restServices } from "./src/server/rest/services.ts";
import { attachSocketGateway } from "./src/server/socket-gateway.ts";
import { attachTerminalGateway } from "./src/server/terminal-gateway.ts";

// Settings, the secrets backend included, are checked before anything listens.
const env = readSettingsOrExit(() => {
  const settings = webEnv();
  restServices();
  return settings;
});
const app = next({ dev: env.NODE_ENV === "development", dir: import.meta.dirname });
await app.prepare();
const handle = app.getRequestHandler();

const server = createServer((req, res) => {
  stampClientIp(req, env.CAIRN_TRUST_PROXY);
  handle(req, res).catch((error: unknown) => {
    console.error("request failed", error);
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
    res.end("Internal error");
  });
});
const io = new SocketServer(server, { serveClient: false });
attachSocketGateway(io);
attachTerminalGateway(io);
const stopRepositorySync = startRepositorySync(restServices());

// Provider webhooks left unprocessed, and commit statuses to post (README "Webhooks").
const background = new AbortController();
void runWebhookProcessor(restServices(), { signal: background.signal });
void runCommitStatusReporter(restServices(), { signal: background.signal });

server.listen(env.PORT, env.HOST, () => {
  console.log(`web listening on ${env.CAIRN_URL} (port ${env.PORT})`);
});

const shutdown = () => {
  background.abort();
  stopRepositorySync();
  io.close();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
