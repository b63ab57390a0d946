import { createServer } from "node:http";
import { disconnectDb, getDb } from "@cairn/db";
import { readSettingsOrExit } from "@cairn/env";
import { createDockerClient } from "@cairn/executor";
import { readWorkerEnv } from "./env.ts";
import { Worker } from "./worker.ts";

const env = readSettingsOrExit(readWorkerEnv);
const db = getDb(env.DATABASE_URL);
const worker = new Worker(
  env.CAIRN_WORKER_ID,
  db,
  createDockerClient(env.DOCKER_HOST),
  env.CAIRN_WORKER_HEARTBEAT_SECONDS,
);
try {
  await worker.start();
} catch (error) {
  console.error(`worker cannot start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

const health = createServer(async (req, res) => {
  if (req.url !== "/health") {
    res.writeHead(404, { "Content-Type": "application/json" }).end('{"error":"not found"}');
    return;
  }
  const report = await worker.health();
  res.writeHead(report.status === "ok" ? 200 : 503, { "Content-Type": "application/json" });
  res.end(JSON.stringify(report));
});
health.listen(env.CAIRN_WORKER_HEALTH_PORT, "127.0.0.1", () => {
  console.log(
    `worker ${env.CAIRN_WORKER_ID} ready (health on 127.0.0.1:${env.CAIRN_WORKER_HEALTH_PORT})`,
  );
});

const shutdown = async () => {
  health.close();
  await worker.stop();
  await disconnectDb();
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
