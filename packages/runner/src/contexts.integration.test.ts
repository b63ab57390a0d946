// Contexts end to end on real parts: PostgreSQL, the Docker engine, a git repository on
// disk. A job sees its contexts' variables (masked in its log) in CircleCI's precedence; a
// job naming a context it may not use fails as unauthorized before any container starts.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createGitProject, type Services, triggerPipeline } from "@cairn/api";
import { ensureLocalAdministrator } from "@cairn/auth";
import type { Db, Job } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { createDockerClient, LABEL_WORKER } from "@cairn/executor";
import { readLog } from "@cairn/logs";
import { LocalSecretCipher } from "@cairn/secrets";
import { FileBlobStore } from "@cairn/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkerLoop } from "./worker-loop.ts";

// The refused jobs name an image that does not exist: had a container been attempted, the
// job would fail on the image instead of on its context.
const CONFIG = `version: 2.1
jobs:
  uses:
    docker: [{ image: cairn/base:bookworm }]
    environment:
      CONTEXT_AND_JOB: from-job
    steps:
      - run: echo "the context secret is $CTX_SECRET"
      - run: test "$PROJECT_AND_CONTEXT" = from-context && echo context-over-project
      - run: test "$CONTEXT_AND_JOB" = from-job && echo job-over-context
      - run: test "$BOTH_CONTEXTS" = from-second && echo later-context-wins
  restricted:
    docker: [{ image: cairn/does-not-exist:never }]
    steps:
      - run: echo should-not-run
  missing:
    docker: [{ image: cairn/does-not-exist:never }]
    steps:
      - run: echo should-not-run
workflows:
  main:
    jobs:
      - uses:
          context: [shared, second]
      - restricted:
          context: [shared, locked]
      - missing:
          context: [nowhere]
`;

const TERMINAL = new Set(["success", "failed", "canceled", "not_run", "infrastructure_fail"]);
const workerId = `contexts-test-${randomBytes(3).toString("hex")}`;
const scratch = mkdtempSync(join(tmpdir(), "cairn-contexts-"));
const docker = createDockerClient();
let database: TestDatabase;
let db: Db;
let services: Services;
let loop: WorkerLoop;
let store: FileBlobStore;
let jobs: Job[];

function git(cwd: string, ...args: string[]) {
  execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.test", ...args], { cwd });
}

async function encrypted(value: string) {
  const { ciphertext, keyVersion } = await services.cipher.encrypt(value);
  return { ciphertext, keyVersion, last4: value.slice(-4) };
}

async function addContext(organizationId: string, name: string, vars: Record<string, string>) {
  const context = await db.context.create({ data: { organizationId, name } });
  for (const [variable, value] of Object.entries(vars)) {
    await db.contextEnvVar.create({
      data: { contextId: context.id, name: variable, ...(await encrypted(value)) },
    });
  }
  return context;
}

async function logOf(jobId: string) {
  const chunks = await readLog(db, store, jobId);
  return Buffer.concat(chunks.map((chunk) => chunk.data)).toString("utf8");
}

async function waitForJobs(pipelineId: string, timeoutMs = 90_000): Promise<Job[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await db.job.findMany({
      where: { workflow: { pipelineId } },
      orderBy: { name: "asc" },
    });
    if (found.length > 0 && found.every((job) => TERMINAL.has(job.status))) return found;
    if (Date.now() > deadline) {
      throw new Error(`jobs still running: ${found.map((j) => `${j.name}=${j.status}`)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const job = (name: string) => jobs.find((candidate) => candidate.name === name)!;

beforeAll(async () => {
  database = await createTestDatabase(requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL));
  db = database.db;
  const repo = join(scratch, "repo");
  mkdirSync(join(repo, ".circleci"), { recursive: true });
  writeFileSync(join(repo, ".circleci", "config.yml"), CONFIG);
  git(repo, "init", "-q", "-b", "main");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "contexts");

  const cipher = new LocalSecretCipher(randomBytes(32));
  services = {
    db,
    cipher,
    dataDir: join(scratch, "data"),
    baseUrl: "http://localhost:3000",
    orbCacheDir: join(scratch, "orbs"),
  };
  const admin = await ensureLocalAdministrator(db);
  const created = await createGitProject(services, admin, {
    provider: "git",
    url: repo,
    name: "ctx",
  });
  const project = await db.project.findUniqueOrThrow({ where: { id: created.id } });
  const other = await db.project.create({
    data: {
      organizationId: project.organizationId,
      provider: "git",
      repoUrl: "https://git.example.test/other.git",
      owner: project.owner,
      name: "other",
      slug: `git/${project.owner}/other`,
    },
  });
  await db.envVar.create({
    data: {
      projectId: project.id,
      name: "PROJECT_AND_CONTEXT",
      ...(await encrypted("from-project")),
    },
  });
  await addContext(project.organizationId, "shared", {
    CTX_SECRET: "ctx-s3cr3t-value",
    PROJECT_AND_CONTEXT: "from-context",
    CONTEXT_AND_JOB: "from-context",
    BOTH_CONTEXTS: "from-shared",
  });
  await addContext(project.organizationId, "second", { BOTH_CONTEXTS: "from-second" });
  const locked = await addContext(project.organizationId, "locked", { LOCKED: "locked-value" });
  await db.contextRestriction.create({
    data: { contextId: locked.id, type: "project", value: other.id },
  });

  store = new FileBlobStore(join(scratch, "blobs"));
  await db.worker.create({ data: { id: workerId, hostname: "test" } });
  loop = new WorkerLoop(
    {
      db,
      docker,
      store,
      cipher,
      workerId,
      dataDir: services.dataDir,
      baseUrl: services.baseUrl,
      logDatabaseUrl: database.url,
    },
    { databaseUrl: database.url, capacity: 3, leaseSeconds: 15, maxAttempts: 1 },
  );
  await loop.start();
  const pipeline = await triggerPipeline(services, {
    project,
    branch: "main",
    trigger: { type: "api" },
  });
  jobs = await waitForJobs(pipeline.pipelineId);
}, 120_000);

afterAll(async () => {
  await loop?.stop();
  const filters = JSON.stringify({ label: [`${LABEL_WORKER}=${workerId}`] });
  for (const container of await docker.listContainers({ all: true, filters })) {
    await docker.getContainer(container.Id).remove({ force: true });
  }
  await database?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("contexts in a job", () => {
  it("gives a job its contexts' variables, masked in its log", async () => {
    expect(job("uses").status).toBe("success");
    const log = await logOf(job("uses").id);
    expect(log).toContain("the context secret is ****");
    expect(log).not.toContain("ctx-s3cr3t-value");
  });

  it("layers project < contexts in workflow order < job environment", async () => {
    const log = await logOf(job("uses").id);
    expect(log).toContain("context-over-project");
    expect(log).toContain("job-over-context");
    expect(log).toContain("later-context-wins");
  });

  it("fails a job whose context is restricted to another project, before any container", async () => {
    const refused = job("restricted");
    expect(refused.status).toBe("failed");
    expect(refused.failureReason).toBe(
      'unauthorized: context "locked" is restricted to other projects',
    );
    const log = await logOf(refused.id);
    expect(log).toContain('unauthorized: context "locked"');
    expect(log).not.toContain("Starting cairn/does-not-exist");
    expect(log).not.toContain("should-not-run");
  });

  it("fails a job whose context does not exist the same way", async () => {
    const refused = job("missing");
    expect(refused.status).toBe("failed");
    expect(refused.failureReason).toMatch(/^unauthorized: context "nowhere" does not exist/);
    const log = await logOf(refused.id);
    expect(log).toContain('unauthorized: context "nowhere"');
    expect(log).not.toContain("Starting cairn/does-not-exist");
    const steps = await db.step.findMany({
      where: { jobId: refused.id },
      orderBy: { index: "asc" },
    });
    expect(steps.map((step) => `${step.name}=${step.status}`)).toEqual([
      "Spin up environment=failed",
      "echo should-not-run=not_run",
    ]);
  });
});
