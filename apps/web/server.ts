// One Node server for the web app: Next.js and the socket.io gateway on one port.
import { createServer } from "node:http";
import { readSettingsOrExit } from "@cairn/env";
import next from "next";
import { Server as SocketServer } from "socket.io";
import { webEnv } from "./src/env.ts";
import { restServices } from "./src/server/rest/services.ts";
import { attachSocketGateway } from "./src/server/socket-gateway.ts";

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
  handle(req, res).catch((error: unknown) => {
    console.error("request failed", error);
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
    res.end("Internal error");
  });
});
const io = new SocketServer(server, { serveClient: false });
attachSocketGateway(io);

server.listen(env.PORT, env.HOST, () => {
  console.log(`web listening on ${env.CAIRN_URL} (port ${env.PORT})`);
});

const shutdown = () => {
  io.close();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
