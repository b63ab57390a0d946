// What the worker benches share: a throwaway database with one git project whose config is
// the bench's, a worker (in-process or a real apps/worker process), and clean-up.
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
import { createTestDatabase, type TestDatabase } from "@cairn/db/testing";
import { createDockerClient, removeWorkerObjects } from "@cairn/executor";
import { LocalSecretCipher } from "@cairn/secrets";
import { FileBlobStore } from "@cairn/storage";
import type Docker from "dockerode";

const WORKER_APP = fileURLToPath(new URL("../apps/worker", import.meta.url));
const TERMINAL = ["success", "failed", "canceled", "not_run", "infrastructure_fail", "timedout"];

export interface BenchProject {
  database: TestDatabase;
  db: Db;
  docker: Docker;
  services: Services;
  store: FileBlobStore;
  masterKey: Buffer;
  dataDir: string;
  projectId: string;
  /** Triggers a pipeline on `main`; returns its job ids. */
  trigger(): Promise<string[]>;
  /** Waits until every job ended and returns them. */
  waitForJobs(jobIds: string[], timeoutMs: number): Promise<Job[]>;
  /** Starts apps/worker as a real process; resolves once it is ready. */
  startWorkerProcess(env: Record<string, string>): Promise<ChildProcess>;
  /** Stops the worker processes, removes their containers, the database and files. */
  cleanUp(): Promise<void>;
}

export function requireAdminUrl(): string {
  const url = process.env.CAIRN_TEST_DATABASE_URL;
  if (!url) {
    console.error("Set CAIRN_TEST_DATABASE_URL to a PostgreSQL role that may create databases.");
    process.exit(1);
  }
  return url;
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

/** A fresh database holding one project whose repository has `config` on `main`. */
export async function createBenchProject(
  config: string,
  secrets: Record<string, string> = {},
): Promise<BenchProject> {
  const database = await createTestDatabase(requireAdminUrl());
  const { db } = database;
  const scratch = mkdtempSync(join(tmpdir(), "cairn-worker-bench-"));
  const dataDir = join(scratch, "data");
  const repo = join(scratch, "repo");
  mkdirSync(join(repo, ".circleci"), { recursive: true });
  writeFileSync(join(repo, ".circleci/config.yml"), config);
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=B", "-c", "user.email=b@example.test", ...args], {
      cwd: repo,
    });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-qm", "bench");

  const masterKey = randomBytes(32);
  const cipher = new LocalSecretCipher(masterKey);
  const services: Services = {
    db,
    cipher,
    dataDir,
    baseUrl: "http://localhost:3000",
    orbCacheDir: join(scratch, "orbs"),
  };
  const admin = await ensureLocalAdministrator(db);
  const project = await createGitProject(services, admin, {
    provider: "git",
    url: repo,
    name: "b",
  });
  for (const [name, value] of Object.entries(secrets)) {
    const { ciphertext, keyVersion } = await cipher.encrypt(value);
    await db.envVar.create({
      data: { projectId: project.id, name, ciphertext, keyVersion, last4: value.slice(-4) },
    });
  }

  const docker = createDockerClient(process.env.DOCKER_HOST);
  const children: ChildProcess[] = [];
  const workerIds: string[] = [];

  return {
    database,
    db,
    docker,
    services,
    store: new FileBlobStore(join(dataDir, "blobs")),
    masterKey,
    dataDir,
    projectId: project.id,
    async trigger() {
      const current = await db.project.findUniqueOrThrow({ where: { id: project.id } });
      const created = await triggerPipeline(services, {
        project: current,
        branch: "main",
        trigger: { type: "api" },
      });
      return created.workflows.flatMap((workflow) => workflow.jobIds);
    },
    async waitForJobs(jobIds, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const jobs = await db.job.findMany({ where: { id: { in: jobIds } } });
        if (jobs.every((job) => TERMINAL.includes(job.status))) return jobs;
        if (Date.now() > deadline) throw new Error(`jobs still running after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    async startWorkerProcess(env) {
      const id = env.CAIRN_WORKER_ID ?? `bench-${randomBytes(3).toString("hex")}`;
      workerIds.push(id);
      const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
        cwd: WORKER_APP,
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          CAIRN_MASTER_KEY: masterKey.toString("base64"),
          CAIRN_MASTER_KEY_FILE: "",
          CAIRN_DATA_DIR: dataDir,
          CAIRN_WORKER_HEALTH_PORT: String(await freePort()),
          CAIRN_SSH_PORT: String(await freePort()),
          CAIRN_FIREWALL: "false",
          ...env,
          CAIRN_WORKER_ID: id,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      let output = "";
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`worker not ready: ${output}`)), 30_000);
        const collect = (data: Buffer) => {
          output += data.toString();
          if (output.includes(`worker ${id} ready`)) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout?.on("data", collect);
        child.stderr?.on("data", collect);
        child.once("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`worker exited (${code}): ${output}`));
        });
      });
      return child;
    },
    async cleanUp() {
      for (const child of children) {
        if (child.exitCode !== null || child.signalCode !== null) continue;
        const exited = once(child, "exit");
        child.kill("SIGTERM");
        await exited;
      }
      for (const id of workerIds) await removeWorkerObjects(docker, id).catch(() => undefined);
      await database.drop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export const jobMilliseconds = (job: Job) =>
  job.startedAt && job.finishedAt ? job.finishedAt.getTime() - job.startedAt.getTime() : NaN;
