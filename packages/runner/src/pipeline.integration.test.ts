// End to end on real parts: a git repository on disk, PostgreSQL, the Docker engine. A
// pipeline is triggered the way a webhook triggers it, and a WorkerLoop runs its jobs.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createGitProject, type Services, triggerPipeline } from "@cairn/api";
import { ensureLocalAdministrator } from "@cairn/auth";
import type { Db, Job } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { createDockerClient, LABEL_WORKER } from "@cairn/executor";
import { readLog } from "@cairn/logs";
import { cancelJob } from "@cairn/queue";
import { LocalSecretCipher } from "@cairn/secrets";
import { FileBlobStore } from "@cairn/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkerLoop } from "./worker-loop.ts";

const CONFIG = `version: 2.1
jobs:
  build:
    docker:
      - image: cimg/base:2024.01
      - image: cairn/node:bookworm
        name: web
        command: ["node", "-e", "require('http').createServer((q, s) => s.end('hello from the service')).listen(8080)"]
    steps:
      - checkout
      - run: cat README.md && git log --format=%s -1
      - add_ssh_keys
      - run: |
          key=$(ls ~/.ssh/id_rsa_*)
          test "$(stat -c %a "$key")" = 600 && head -1 "$key" | grep -q "BEGIN OPENSSH PRIVATE KEY"
          grep -qxF "IdentityFile ~/.ssh/$(basename "$key")" ~/.ssh/config && echo key-file-ok
      - run: echo "export GREETING=hi" >> "$BASH_ENV"
      - run: test "$GREETING" = hi && echo "the secret is $MY_SECRET"
      - run: for i in $(seq 1 40); do curl -sf http://localhost:8080 && exit 0; sleep 0.25; done; exit 1
      - run: curl -sf http://web:8080
      - restore_cache:
          keys:
            - deps-v1-{{ checksum "README.md" }}
      - run: mkdir -p deps && echo built-once > deps/out.txt
      - save_cache:
          key: 'deps-v1-{{ checksum "README.md" }}'
          paths: [deps]
      - run: |
          mkdir -p reports
          echo '<testsuite name="s"><testcase classname="a" name="ok"/><testcase classname="a" name="bad"><failure message="boom"/></testcase></testsuite>' > reports/junit.xml
      - store_test_results:
          path: reports
      - store_artifacts:
          path: reports
          destination: reports
      - persist_to_workspace:
          root: deps
          paths: [out.txt]
  test:
    docker: [{ image: cairn/base:bookworm }]
    parallelism: 2
    steps:
      - attach_workspace:
          at: /tmp/ws
      - run: cat /tmp/ws/out.txt && echo "node $CIRCLE_NODE_INDEX of $CIRCLE_NODE_TOTAL"
  flaky:
    docker: [{ image: cairn/base:bookworm }]
    steps:
      - run: exit 3
      - run:
          name: never
          command: echo should-not-run
      - run:
          name: cleanup
          command: echo cleanup-ran
          when: always
      - run:
          name: quiet
          command: sleep 30
          no_output_timeout: 2s
          when: always
  slow:
    docker: [{ image: cairn/base:bookworm }]
    steps:
      - run: echo started-slow; sleep 120
workflows:
  main:
    jobs:
      - build:
          filters: { branches: { ignore: slow } }
      - test:
          requires: [build]
      - flaky:
          filters: { branches: { ignore: slow } }
  long:
    jobs:
      - slow:
          filters:
            branches:
              only: slow
`;

const TERMINAL = new Set([
  "success",
  "failed",
  "canceled",
  "not_run",
  "infrastructure_fail",
  "timedout",
]);
const workerId = `runner-test-${randomBytes(3).toString("hex")}`;
let database: TestDatabase;
let db: Db;
let services: Services;
let loop: WorkerLoop;
let store: FileBlobStore;
let projectId: string;
const scratch = mkdtempSync(join(tmpdir(), "cairn-runner-"));
const docker = createDockerClient();

function git(cwd: string, ...args: string[]) {
  return execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.test", ...args], {
    cwd,
    encoding: "utf8",
  }).trim();
}

function commitFiles(repo: string, files: Record<string, string>, message: string) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), content);
  }
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", message);
}

async function logOf(jobId: string) {
  const chunks = await readLog(db, store, jobId);
  return Buffer.concat(chunks.map((chunk) => chunk.data)).toString("utf8");
}

async function waitForJobs(pipelineId: string, timeoutMs = 180_000): Promise<Job[]> {
  const deadline = Date.now() + timeoutMs;
  const pipeline = await db.pipeline.findUniqueOrThrow({ where: { id: pipelineId } });
  if (pipeline.state === "errored")
    throw new Error(`config errors: ${JSON.stringify(pipeline.configErrors)}`);
  for (;;) {
    const jobs = await db.job.findMany({
      where: { workflow: { pipelineId } },
      orderBy: [{ name: "asc" }, { parallelIndex: "asc" }],
    });
    if (jobs.length > 0 && jobs.every((job) => TERMINAL.has(job.status))) return jobs;
    if (Date.now() > deadline)
      throw new Error(`jobs still running: ${jobs.map((j) => `${j.name}=${j.status}`)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  database = await createTestDatabase(requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL));
  db = database.db;
  const repo = join(scratch, "repo");
  mkdirSync(repo);
  git(repo, "init", "-q", "-b", "main");
  commitFiles(
    repo,
    { "README.md": "hello from the repository\n", ".circleci/config.yml": CONFIG },
    "first commit",
  );
  git(repo, "branch", "slow");

  const cipher = new LocalSecretCipher(randomBytes(32));
  services = {
    db,
    cipher,
    dataDir: join(scratch, "data"),
    baseUrl: "http://localhost:3000",
    orbCacheDir: join(scratch, "orbs"),
  };
  const admin = await ensureLocalAdministrator(db);
  const project = await createGitProject(services, admin, {
    provider: "git",
    url: repo,
    name: "demo",
  });
  projectId = project.id;
  const secret = await cipher.encrypt("s3cr3t-value");
  await db.envVar.create({
    data: {
      projectId,
      name: "MY_SECRET",
      ciphertext: secret.ciphertext,
      keyVersion: secret.keyVersion,
      last4: "alue",
    },
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
      aliases: [{ pattern: "cimg/base:*", image: "cairn/base:bookworm" }],
      logDatabaseUrl: database.url,
    },
    {
      databaseUrl: database.url,
      capacity: 3,
      leaseSeconds: 15,
      maxAttempts: 2,
      maintenanceSeconds: 60,
    },
  );
  await loop.start();
}, 300_000);

afterAll(async () => {
  await loop?.stop();
  await database?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("a pipeline from push to finished jobs", () => {
  let jobs: Job[];
  const job = (name: string, index = 0) =>
    jobs.find((j) => j.name === name && j.parallelIndex === index)!;

  beforeAll(async () => {
    const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
    const created = await triggerPipeline(services, {
      project,
      branch: "main",
      trigger: { type: "webhook" },
    });
    jobs = await waitForJobs(created.pipelineId);
  }, 240_000);

  it("runs every job of the workflow to the status its steps earn", () => {
    expect(jobs.map((j) => `${j.name}/${j.parallelIndex}=${j.status}`)).toEqual([
      "build/0=success",
      "flaky/0=failed",
      "test/0=success",
      "test/1=success",
    ]);
  });

  it("checks out the commit, carries BASH_ENV, reaches the service, and masks the secret", async () => {
    const log = await logOf(job("build").id);
    expect(log).toContain("hello from the repository");
    expect(log).toContain("first commit");
    expect(log).toMatch(/Added SHA256:\S+ as ~\/\.ssh\/id_rsa_[0-9a-f]{32}/);
    expect(log).toContain("key-file-ok");
    expect(log).not.toContain("PRIVATE KEY");
    expect(log).toContain("the secret is ****");
    expect(log).not.toContain("s3cr3t-value");
    expect(log).toContain("hello from the service");
    expect(log).toMatch(/cimg\/base:2024\.01.*cairn\/base:bookworm/);
  });

  it("passes the workspace to both parallel copies, each with its node index", async () => {
    for (const index of [0, 1]) {
      const log = await logOf(job("test", index).id);
      expect(log).toContain("built-once");
      expect(log).toContain(`node ${index} of 2`);
    }
  });

  it("skips on_success steps after a failure, runs `when: always`, and ends a silent step", async () => {
    const log = await logOf(job("flaky").id);
    expect(log).not.toContain("should-not-run");
    expect(log).toContain("cleanup-ran");
    expect(log).toContain("Too long with no output");
    const steps = await db.step.findMany({
      where: { jobId: job("flaky").id },
      orderBy: { index: "asc" },
    });
    expect(steps.map((s) => `${s.name}=${s.status}`)).toEqual([
      "Spin up environment=success",
      "exit 3=failed",
      "never=not_run",
      "cleanup=success",
      "quiet=timedout",
    ]);
  });

  it("records test results and artifacts", async () => {
    const cases = await db.testCase.findMany({
      where: { jobId: job("build").id },
      orderBy: { name: "asc" },
    });
    expect(cases.map((c) => `${c.name}=${c.result}`)).toEqual(["bad=failure", "ok=success"]);
    const artifacts = await db.artifact.findMany({ where: { jobId: job("build").id } });
    expect(artifacts.map((a) => a.path)).toContain("reports/junit.xml");
  });

  it("restores the cache the first run saved when the pipeline runs again", async () => {
    const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
    const again = await triggerPipeline(services, {
      project,
      branch: "main",
      trigger: { type: "api" },
    });
    const second = await waitForJobs(again.pipelineId);
    const build = second.find((j) => j.name === "build")!;
    expect(build.status).toBe("success");
    const log = await logOf(build.id);
    expect(log).toContain("Found a cache with key: deps-v1-");
    expect(log).toContain("Skipping cache generation, cache already exists");
  }, 240_000);

  it("leaves no container or network of this worker behind", async () => {
    const filters = JSON.stringify({ label: [`${LABEL_WORKER}=${workerId}`] });
    expect(await docker.listContainers({ all: true, filters })).toEqual([]);
    expect(await docker.listNetworks({ filters })).toEqual([]);
  });
});

describe("canceling a running job", () => {
  it("stops its containers within seconds and records it as canceled", async () => {
    const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
    const created = await triggerPipeline(services, {
      project,
      branch: "slow",
      trigger: { type: "api" },
    });
    expect(created.workflows.map((workflow) => workflow.name)).toEqual(["long"]);
    const jobId = created.workflows[0]!.jobIds[0]!;
    const deadline = Date.now() + 120_000;
    while (!(await logOf(jobId)).includes("started-slow")) {
      if (Date.now() > deadline) throw new Error("the slow job never started");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const canceledAt = Date.now();
    await cancelJob(db, jobId);
    const [finished] = await waitForJobs(created.pipelineId, 60_000);
    expect(finished!.status).toBe("canceled");
    const filters = JSON.stringify({ label: [`cairn.job=${jobId}`] });
    const stopDeadline = Date.now() + 15_000;
    while ((await docker.listContainers({ filters })).length > 0 && Date.now() < stopDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await docker.listContainers({ filters })).toEqual([]);
    console.log(`cancel → containers gone in ${Date.now() - canceledAt} ms`);
  }, 180_000);
});
