// The artifacts origin. It is a separate server on its own origin (per-project subdomains)
// so that an HTML artifact can never read the web app's cookies or storage.
import { createServer } from "node:http";
import { readSettingsOrExit } from "@cairn/env";
import { readArtifactsEnv } from "./env.ts";

const env = readSettingsOrExit(readArtifactsEnv);

const server = createServer((req, res) => {
  const path = new URL(req.url ?? "/", "http://artifacts").pathname;
  res.setHeader("Content-Type", "application/json");
  if (path === "/health") {
    res.writeHead(200).end(JSON.stringify({ status: "ok" }));
    return;
  }
  res.writeHead(404).end(JSON.stringify({ error: "no artifact at this address" }));
});

server.listen(env.PORT, env.HOST, () => {
  console.log(`artifacts listening on port ${env.PORT}`);
});

const shutdown = () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
