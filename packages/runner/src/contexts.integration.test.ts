// Contexts end to end on real parts: PostgreSQL, the Docker engine, a git repository on
// disk. A job sees its contexts' variables (masked in its log) in CircleCI's precedence; a
// job naming a context it may not use (missing, restricted to another project, or to a
// group its actor is not in) ends `unauthorized` without ever being leased, so no
// container starts; each use and each refusal is in the audit log.
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
  group-ok:
    docker: [{ image: cairn/base:bookworm }]
    steps:
      - run: test "$TEAM_VALUE" = team-value && echo group-member-gets-it
  group-denied:
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
      - group-ok:
          context: [team]
      - group-denied:
          context: [elite]
`;

const TERMINAL = new Set([
  "success",
  "failed",
  "canceled",
  "not_run",
  "infrastructure_fail",
  "unauthorized",
]);
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
  const builders = await db.group.create({
    data: {
      organizationId: project.organizationId,
      name: "builders",
      members: { create: { userId: admin.id } },
    },
  });
  const elite = await db.group.create({
    data: { organizationId: project.organizationId, name: "elite" },
  });
  const team = await addContext(project.organizationId, "team", { TEAM_VALUE: "team-value" });
  await db.contextRestriction.create({
    data: { contextId: team.id, type: "group", value: builders.id },
  });
  const eliteContext = await addContext(project.organizationId, "elite", { ELITE: "elite-value" });
  await db.contextRestriction.create({
    data: { contextId: eliteContext.id, type: "group", value: elite.id },
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
    trigger: { type: "api", actorId: admin.id },
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

  /** A refused job was never leased: no worker, no start, no step, no log, no container. */
  async function expectNeverStarted(refused: Job) {
    expect(refused.workerId).toBeNull();
    expect(refused.startedAt).toBeNull();
    expect(await db.step.count({ where: { jobId: refused.id } })).toBe(0);
    expect(await logOf(refused.id)).toBe("");
    const filters = JSON.stringify({ label: [`${LABEL_WORKER}=${workerId}`] });
    const containers = await docker.listContainers({ all: true, filters });
    expect(containers.map((c) => c.Image)).not.toContain("cairn/does-not-exist:never");
  }

  it("ends a job whose context is restricted to another project unauthorized, unstarted", async () => {
    const refused = job("restricted");
    expect(refused.status).toBe("unauthorized");
    expect(refused.failureReason).toBe(
      'unauthorized: context "locked" is restricted to other projects',
    );
    await expectNeverStarted(refused);
  });

  it("ends a job whose context does not exist the same way", async () => {
    const refused = job("missing");
    expect(refused.status).toBe("unauthorized");
    expect(refused.failureReason).toMatch(/^unauthorized: context "nowhere" does not exist/);
    await expectNeverStarted(refused);
  });

  it("runs a group-restricted context for a member of the group", async () => {
    expect(job("group-ok").status).toBe("success");
    expect(await logOf(job("group-ok").id)).toContain("group-member-gets-it");
  });

  it("refuses a group-restricted context to an actor outside the group, unstarted", async () => {
    const refused = job("group-denied");
    expect(refused.status).toBe("unauthorized");
    expect(refused.failureReason).toBe(
      'unauthorized: context "elite" is restricted to groups that admin is not a member of',
    );
    await expectNeverStarted(refused);
  });

  it("records each use and each refusal of a context in the audit log", async () => {
    const events = await db.auditEvent.findMany({ where: { action: "context.use" } });
    const outcome = Object.fromEntries(events.map((event) => [event.targetName, event.success]));
    expect(outcome).toEqual({
      uses: true,
      "group-ok": true,
      restricted: false,
      missing: false,
      "group-denied": false,
    });
    const used = events.find((event) => event.targetName === "uses")!;
    expect(used).toMatchObject({ actorType: "user", actorName: "admin", targetType: "job" });
    expect(used.metadata).toEqual({ contexts: ["shared", "second"] });
    expect(JSON.stringify(events)).not.toContain("ctx-s3cr3t-value");
  });

  it("rolls the workflow up to unauthorized", async () => {
    const workflow = await db.workflow.findUniqueOrThrow({ where: { id: job("uses").workflowId } });
    expect(workflow.status).toBe("unauthorized");
  });
});
