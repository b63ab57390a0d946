import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { disconnectDb, getDb } from "@cairn/db";
import { readSettingsOrExit, SettingsError } from "@cairn/env";
import {
  createDockerClient,
  DEFAULT_IMAGE_ALIASES_URL,
  hostResourceCap,
  installFirewall,
  parseImageAliases,
  removeWorkerObjects,
} from "@cairn/executor";
import { WorkerLoop } from "@cairn/runner";
import { createSecretCipher, SecretsBackendError } from "@cairn/secrets";
import { loadOrCreateHostKey, SshGateway } from "@cairn/ssh-gateway";
import { blobStoreSettings, createBlobStore } from "@cairn/storage";
import { readWorkerEnv } from "./env.ts";
import { Worker } from "./worker.ts";

const env = readSettingsOrExit(readWorkerEnv);
const cipher = readSettingsOrExit(() => {
  try {
    return createSecretCipher(env);
  } catch (error) {
    if (error instanceof SecretsBackendError) throw new SettingsError(`worker: ${error.message}`);
    throw error;
  }
});
const db = getDb(env.DATABASE_URL);
const docker = createDockerClient(env.DOCKER_HOST);
const worker = new Worker(env.CAIRN_WORKER_ID, db, docker, env.CAIRN_WORKER_HEARTBEAT_SECONDS);
const log = (line: string) => console.log(line);

// Rerun with SSH: one gateway per worker, its host key kept with the worker's data.
const sshGateway = env.CAIRN_SSH_GATEWAY
  ? new SshGateway({
      db,
      hostKey: await loadOrCreateHostKey(join(env.CAIRN_DATA_DIR, "ssh")).catch((error) => {
        console.error(`worker cannot start: SSH host key: ${error.message}`);
        process.exit(1);
      }),
      publicHost: env.CAIRN_SSH_HOST ?? new URL(env.CAIRN_URL).hostname,
      publicPort: env.CAIRN_SSH_PUBLIC_PORT ?? env.CAIRN_SSH_PORT,
      windowSeconds: env.CAIRN_SSH_WINDOW_SECONDS,
      log,
    })
  : undefined;

const aliasesFile = env.CAIRN_IMAGE_ALIASES ?? fileURLToPath(DEFAULT_IMAGE_ALIASES_URL);
const loop = new WorkerLoop(
  {
    db,
    docker,
    store: createBlobStore(blobStoreSettings(env, env.CAIRN_DATA_DIR)),
    cipher,
    workerId: env.CAIRN_WORKER_ID,
    dataDir: env.CAIRN_DATA_DIR,
    baseUrl: env.CAIRN_URL,
    aliases: parseImageAliases(JSON.parse(readFileSync(aliasesFile, "utf8"))),
    resourceCap: hostResourceCap({ cpus: cpus().length, memoryBytes: totalmem() }),
    logMaxBytes: env.CAIRN_LOG_MAX_BYTES,
    // Log chunks go straight through pg: the bulk path Prisma would slow down.
    logDatabaseUrl: env.DATABASE_URL,
    ...(sshGateway ? { ssh: sshGateway } : {}),
  },
  {
    databaseUrl: env.DATABASE_URL,
    capacity: env.CAIRN_WORKER_CAPACITY,
    leaseSeconds: env.CAIRN_LEASE_SECONDS,
    maxAttempts: env.CAIRN_MAX_ATTEMPTS,
    log,
  },
);

try {
  await worker.start();
  if (env.CAIRN_FIREWALL) await installFirewall();
  // Leftovers of an earlier run of this worker id (a crash) go before any new job starts.
  await removeWorkerObjects(docker, env.CAIRN_WORKER_ID);
  await loop.start();
  if (sshGateway) {
    await sshGateway.listen(env.CAIRN_SSH_PORT, env.CAIRN_SSH_LISTEN_HOST);
    log(`ssh gateway listening on ${env.CAIRN_SSH_LISTEN_HOST}:${env.CAIRN_SSH_PORT}`);
  }
} catch (error) {
  console.error(`worker cannot start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

const health = createServer(async (req, res) => {
  if (req.url !== "/health") {
    res.writeHead(404, { "Content-Type": "application/json" }).end('{"error":"not found"}');
    return;
  }
  const report = { ...(await worker.health()), runningJobs: loop.runningJobIds.length };
  res.writeHead(report.status === "ok" ? 200 : 503, { "Content-Type": "application/json" });
  res.end(JSON.stringify(report));
});
health.listen(env.CAIRN_WORKER_HEALTH_PORT, "127.0.0.1", () => {
  log(`worker ${env.CAIRN_WORKER_ID} ready (health on 127.0.0.1:${env.CAIRN_WORKER_HEALTH_PORT})`);
});

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  health.close();
  await sshGateway?.close();
  await loop.stop();
  await worker.stop();
  await disconnectDb();
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
