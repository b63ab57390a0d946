// A worker's death, survived: real worker processes (apps/worker under tsx) lease jobs and
// are killed with SIGKILL in the middle of a step; a surviving in-process WorkerLoop must
// then take the jobs back (retry, or infrastructure_fail once the attempts are used up) and
// remove the dead worker's containers and network.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createGitProject, type Services, triggerPipeline } from "@cairn/api";
import { ensureLocalAdministrator } from "@cairn/auth";
import type { Db, Job } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { createDockerClient, LABEL_WORKER, removeWorkerObjects } from "@cairn/executor";
import { readLog } from "@cairn/logs";
import { LocalSecretCipher } from "@cairn/secrets";
import { FileBlobStore } from "@cairn/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkerLoop } from "./worker-loop.ts";

const CONFIG = `version: 2.1
jobs:
  retried:
    docker: [{ image: cairn/base:bookworm }]
    steps:
      - run: echo "marker on $(hostname)"; sleep 8; echo finished-ok
  doomed:
    docker: [{ image: cairn/base:bookworm }]
    steps:
      - run: echo "marker on $(hostname)"; sleep 120
workflows:
  retry:
    jobs:
      - retried:
          filters: { branches: { only: main } }
  doom:
    jobs:
      - doomed:
          filters: { branches: { only: doomed } }
`;

const WORKER_APP = fileURLToPath(new URL("../../../apps/worker", import.meta.url));
const LEASE_SECONDS = 4;
// The survivor counts a worker alive for three of its lease periods after a heartbeat.
const SURVIVOR_LEASE_SECONDS = 3;
const suffix = randomBytes(3).toString("hex");
const masterKey = randomBytes(32);
const docker = createDockerClient();
const scratch = mkdtempSync(join(tmpdir(), "cairn-crash-"));
const dataDir = join(scratch, "data");
const store = new FileBlobStore(join(dataDir, "blobs"));

let database: TestDatabase;
let db: Db;
let services: Services;
let projectId: string;
const processes: WorkerProcess[] = [];
const survivors: WorkerLoop[] = [];
const workerIds: string[] = [];

interface WorkerProcess {
  id: string;
  child: ChildProcess;
  output: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Starts apps/worker as a real process and resolves once it says it is ready. */
async function startWorkerProcess(id: string): Promise<WorkerProcess> {
  workerIds.push(id);
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: WORKER_APP,
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      CAIRN_MASTER_KEY: masterKey.toString("base64"),
      // The key above, not the installation's key file the launcher may have set.
      CAIRN_MASTER_KEY_FILE: "",
      CAIRN_DATA_DIR: dataDir,
      CAIRN_WORKER_ID: id,
      CAIRN_WORKER_HEALTH_PORT: String(await freePort()),
      CAIRN_SSH_PORT: String(await freePort()),
      CAIRN_WORKER_HEARTBEAT_SECONDS: "1",
      CAIRN_WORKER_CAPACITY: "1",
      CAIRN_LEASE_SECONDS: String(LEASE_SECONDS),
      CAIRN_MAX_ATTEMPTS: "2",
      // The host firewall is covered by the executor's isolation test.
      CAIRN_FIREWALL: "false",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const worker: WorkerProcess = { id, child, output: [] };
  processes.push(worker);
  const ready = new Promise<void>((resolve, reject) => {
    const collect = (data: Buffer) => {
      worker.output.push(data.toString());
      if (worker.output.join("").includes(`worker ${id} ready`)) resolve();
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    child.once("exit", (code) =>
      reject(new Error(`worker ${id} exited (${code}): ${worker.output.join("")}`)),
    );
  });
  const timeout = sleep(30_000).then(() => {
    throw new Error(`worker ${id} not ready in 30 s: ${worker.output.join("")}`);
  });
  await Promise.race([ready, timeout]);
  return worker;
}

const isAlive = ({ child }: WorkerProcess) => child.exitCode === null && child.signalCode === null;

async function kill(worker: WorkerProcess) {
  const exited = once(worker.child, "exit");
  worker.child.kill("SIGKILL");
  await exited;
}

function startSurvivor(maxAttempts: number, lines: string[]): Promise<WorkerLoop> {
  const workerId = `crash-survivor-${maxAttempts}-${suffix}`;
  workerIds.push(workerId);
  const loop = new WorkerLoop(
    {
      db,
      docker,
      store,
      cipher: new LocalSecretCipher(masterKey),
      workerId,
      dataDir,
      baseUrl: services.baseUrl,
    },
    {
      databaseUrl: database.url,
      capacity: 1,
      leaseSeconds: SURVIVOR_LEASE_SECONDS,
      maxAttempts,
      maintenanceSeconds: 1,
      log: (line) => lines.push(line),
    },
  );
  survivors.push(loop);
  return loop.start().then(() => loop);
}

async function logOf(jobId: string) {
  const chunks = await readLog(db, store, jobId);
  return Buffer.concat(chunks.map((chunk) => chunk.data)).toString("utf8");
}

const markersIn = (log: string) => [...log.matchAll(/^marker on (\S+)$/gm)].map((m) => m[1]);

const job = (id: string) => db.job.findUniqueOrThrow({ where: { id } });

async function triggerJob(branch: string): Promise<string> {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
  const created = await triggerPipeline(services, { project, branch, trigger: { type: "api" } });
  const jobId = created.workflows[0]?.jobIds[0];
  if (!jobId) throw new Error(`branch ${branch} started no job`);
  return jobId;
}

/** Waits until the job runs on a worker; returns that worker. */
async function leasedWorkerOf(jobId: string): Promise<string> {
  return until(
    `job ${jobId} to be leased`,
    async () => {
      const row = await job(jobId);
      return row.status === "running" && row.workerId ? row.workerId : undefined;
    },
    20_000,
  );
}

/** Waits until the job's step printed its marker (it is then in the middle of the step). */
async function markerOf(jobId: string): Promise<string> {
  return until(`the marker of job ${jobId}`, async () => markersIn(await logOf(jobId))[0], 30_000);
}

async function objectsOf(workerId: string) {
  const filters = JSON.stringify({ label: [`${LABEL_WORKER}=${workerId}`] });
  const [containers, networks] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
  ]);
  return containers.length + networks.length;
}

function git(cwd: string, ...args: string[]) {
  execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.test", ...args], { cwd });
}

beforeAll(async () => {
  database = await createTestDatabase(requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL));
  db = database.db;
  const repo = join(scratch, "repo");
  mkdirSync(join(repo, ".circleci"), { recursive: true });
  writeFileSync(join(repo, ".circleci/config.yml"), CONFIG);
  git(repo, "init", "-q", "-b", "main");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "crash config");
  git(repo, "branch", "doomed");
  services = {
    db,
    cipher: new LocalSecretCipher(masterKey),
    dataDir,
    baseUrl: "http://localhost:3000",
    orbCacheDir: join(scratch, "orbs"),
  };
  const admin = await ensureLocalAdministrator(db);
  const project = await createGitProject(services, admin, {
    provider: "git",
    url: repo,
    name: "crash",
  });
  projectId = project.id;
  await Promise.all([
    startWorkerProcess(`crash-a-${suffix}`),
    startWorkerProcess(`crash-b-${suffix}`),
  ]);
}, 60_000);

afterAll(async () => {
  for (const worker of processes) if (isAlive(worker)) await kill(worker);
  for (const loop of survivors) await loop.stop();
  for (const id of workerIds) await removeWorkerObjects(docker, id).catch(() => undefined);
  await database?.drop();
  rmSync(scratch, { recursive: true, force: true });
}, 30_000);

describe("a worker killed in the middle of a job", () => {
  let retriedJobId: string;
  let doomedJobId: string;
  let retriedOn: string;
  let doomedOn: string;

  beforeAll(async () => {
    // Each worker takes one job (capacity 1): the second job goes to the other worker.
    retriedJobId = await triggerJob("main");
    retriedOn = await leasedWorkerOf(retriedJobId);
    doomedJobId = await triggerJob("doomed");
    doomedOn = await leasedWorkerOf(doomedJobId);
  }, 60_000);

  it("is retried as attempt 2 by a surviving worker, succeeds, and has a fresh log", async () => {
    expect(doomedOn).not.toBe(retriedOn);
    const firstHost = await markerOf(retriedJobId);
    await kill(processes.find((worker) => worker.id === retriedOn)!);
    expect(await objectsOf(retriedOn)).toBeGreaterThan(0);

    const lines: string[] = [];
    const survivor = await startSurvivor(2, lines);
    const finished = await until(
      "the retried job to end",
      async () => {
        const row: Job = await job(retriedJobId);
        return ["queued", "running"].includes(row.status) ? undefined : row;
      },
      30_000,
    );
    expect(finished).toMatchObject({ status: "success", attempt: 2 });
    expect(lines).toContain(
      `job ${retriedJobId}: its worker stopped answering; retrying as attempt 2`,
    );
    const log = await logOf(retriedJobId);
    expect(log).toContain("finished-ok");
    // Only the second attempt's output, from its own container.
    const hosts = markersIn(log);
    expect(hosts).toHaveLength(1);
    expect(hosts[0]).not.toBe(firstHost);

    await until(
      "the dead worker's containers and network to be reaped",
      async () => ((await objectsOf(retriedOn)) === 0 ? true : undefined),
      20_000,
    );
    expect(await objectsOf(retriedOn)).toBe(0);
    // The living worker's job and containers are left alone.
    expect(await job(doomedJobId)).toMatchObject({ status: "running", workerId: doomedOn });
    expect(await objectsOf(doomedOn)).toBeGreaterThan(0);
    await survivor.stop();
  }, 45_000);

  it("is failed as infrastructure_fail, saying the worker was lost, when no attempt is left", async () => {
    await markerOf(doomedJobId);
    await kill(processes.find((worker) => worker.id === doomedOn)!);
    expect(await objectsOf(doomedOn)).toBeGreaterThan(0); // the kill left them behind

    const lines: string[] = [];
    const survivor = await startSurvivor(1, lines);
    const failed = await until(
      "the doomed job to fail",
      async () => {
        const row = await job(doomedJobId);
        return row.status === "running" ? undefined : row;
      },
      15_000,
    );
    expect(failed.status).toBe("infrastructure_fail");
    expect(failed.failureReason).toBe(
      `worker lost after 1 attempt: worker ${doomedOn} stopped renewing its lease`,
    );

    await until(
      "the dead worker's containers and network to be reaped",
      async () => ((await objectsOf(doomedOn)) === 0 ? true : undefined),
      20_000,
    );
    expect(await objectsOf(doomedOn)).toBe(0);
    await survivor.stop();
  }, 45_000);
});
