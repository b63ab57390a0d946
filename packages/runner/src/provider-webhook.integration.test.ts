// End to end for a GitHub-hosted project, on real parts: a repository served by a real
// sshd, PostgreSQL, the Docker engine, and the GitHub API answered by the local stand-in.
// A signed push webhook → a pipeline (config read through the API) → the job checks out
// over SSH with the deploy key and succeeds → pending then success posted on the commit.
import { createHmac, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  processWebhookDelivery,
  receiveProviderHook,
  runCommitStatusReporter,
  type Services,
} from "@cairn/api";
import type { Db } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { createDockerClient } from "@cairn/executor";
import { readLog } from "@cairn/logs";
import { LocalSecretCipher } from "@cairn/secrets";
import { FileBlobStore } from "@cairn/storage";
import { generateDeployKey } from "@cairn/vcs";
import {
  commit,
  git,
  type ProviderStandIn,
  type SshGitServer,
  startProviderStandIn,
  startSshGitServer,
} from "@cairn/vcs/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkerLoop } from "./worker-loop.ts";

const TOKEN = "gho_e2e-token";
const SECRET = randomBytes(16).toString("hex");
const REPO_ID = 5150;
const CONFIG = `version: 2.1
jobs:
  build:
    docker: [{ image: cairn/base:bookworm }]
    steps:
      - checkout
      - run: echo "checked out $(cat VERSION) from $(git remote get-url origin)"
workflows:
  main:
    jobs: [build]
`;

const workerId = `provider-e2e-${randomBytes(3).toString("hex")}`;
const scratch = mkdtempSync(join(tmpdir(), "cairn-provider-e2e-"));
let database: TestDatabase;
let db: Db;
let services: Services;
let standIn: ProviderStandIn;
let sshd: SshGitServer;
let loop: WorkerLoop;
let store: FileBlobStore;
let sha: string;
const reporter = new AbortController();

beforeAll(async () => {
  database = await createTestDatabase(requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL));
  db = database.db;
  const cipher = new LocalSecretCipher(randomBytes(32));

  // The repository, served over SSH to whoever holds the project's deploy key.
  const deployKey = generateDeployKey("cairn e2e");
  sshd = await startSshGitServer([deployKey.publicKey]);
  const bare = join(scratch, "srv", "widget.git");
  mkdirSync(bare, { recursive: true });
  git(bare, "init", "--quiet", "--bare", "-b", "main");
  const work = join(scratch, "work");
  mkdirSync(work);
  git(work, "init", "--quiet", "-b", "main");
  sha = commit(work, { ".circleci/config.yml": CONFIG, VERSION: "v-e2e-42\n" }, "release");
  git(work, "push", "--quiet", bare, "main");

  standIn = await startProviderStandIn({ token: TOKEN });
  standIn.addRepository("github", {
    id: String(REPO_ID),
    fullName: "acme/widget",
    permission: "admin",
    files: { [sha]: { ".circleci/config.yml": CONFIG } },
  });

  services = {
    db,
    cipher,
    dataDir: join(scratch, "data"),
    baseUrl: "https://cairn.example.com",
    orbCacheDir: join(scratch, "orbs"),
    oauth: {
      github: {
        clientId: "id",
        clientSecret: "secret",
        webUrl: "https://github.test",
        apiUrl: standIn.baseUrls.github,
      },
    },
  };

  // What following the repository leaves behind: the project, its encrypted deploy key and
  // webhook secret, and the follower's encrypted token.
  const user = await db.user.create({ data: { login: "octo" } });
  await db.account.create({
    data: {
      userId: user.id,
      type: "oauth",
      provider: "github",
      providerAccountId: "1",
      access_token: (await cipher.encrypt(TOKEN)).ciphertext,
    },
  });
  const org = await db.organization.create({ data: { name: "acme", slug: "gh-acme" } });
  await db.membership.create({ data: { userId: user.id, organizationId: org.id, role: "owner" } });
  const key = await cipher.encrypt(deployKey.privateKey);
  const secret = await cipher.encrypt(SECRET);
  await db.project.create({
    data: {
      organizationId: org.id,
      provider: "github",
      repoUrl: sshd.urlFor(bare),
      owner: "acme",
      name: "widget",
      slug: "gh/acme/widget",
      vcsRepoId: String(REPO_ID),
      deployKeyPublic: deployKey.publicKey,
      deployKeyCiphertext: key.ciphertext,
      deployKeyKeyVersion: key.keyVersion,
      webhookSecretCiphertext: secret.ciphertext,
      webhookSecretKeyVersion: secret.keyVersion,
    },
  });

  store = new FileBlobStore(join(scratch, "blobs"));
  await db.worker.create({ data: { id: workerId, hostname: "test" } });
  loop = new WorkerLoop(
    {
      db,
      docker: createDockerClient(),
      store,
      cipher,
      workerId,
      dataDir: services.dataDir,
      baseUrl: services.baseUrl,
      aliases: [],
      logDatabaseUrl: database.url,
    },
    { databaseUrl: database.url, capacity: 1, leaseSeconds: 15, maxAttempts: 1 },
  );
  await loop.start();
  void runCommitStatusReporter(services, { intervalMs: 200, signal: reporter.signal });
}, 300_000);

afterAll(async () => {
  reporter.abort();
  await loop?.stop();
  await sshd?.stop();
  await standIn?.close();
  await database?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("a GitHub push webhook, end to end", () => {
  it("builds the pushed commit over SSH and reports pending then success on it", async () => {
    const body = JSON.stringify({
      ref: "refs/heads/main",
      before: "0".repeat(40),
      after: sha,
      head_commit: { message: "release" },
      repository: { id: REPO_ID, full_name: "acme/widget" },
    });
    const outcome = await receiveProviderHook(services, "github", {
      headers: {
        "X-GitHub-Event": "push",
        "X-GitHub-Delivery": "e2e-delivery-1",
        "X-Hub-Signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
      },
      rawBody: body,
    });
    expect(outcome).toMatchObject({ status: "accepted" });
    if (outcome.status !== "accepted") return;
    const processed = await processWebhookDelivery(services, outcome.id);
    expect(processed).toMatchObject({ state: "processed", pipelineId: expect.any(String) });
    const pipelineId = processed?.state === "processed" ? processed.pipelineId : "";

    const job = await until(
      "the job to finish",
      () => db.job.findFirst({ where: { workflow: { pipelineId } } }),
      (found) =>
        found !== null && ["success", "failed", "infrastructure_fail"].includes(found.status),
    );
    const chunks = await readLog(db, store, job?.id ?? "");
    const log = Buffer.concat(chunks.map((chunk) => chunk.data)).toString("utf8");
    expect(job?.status, log).toBe("success");
    expect(log).toContain("checked out v-e2e-42 from ssh://");

    const repo = standIn.state.repositories.find((r) => r.id === String(REPO_ID));
    await until(
      "the success status",
      async () => repo?.statuses.map((s) => s.state) ?? [],
      (states) => states.includes("success"),
    );
    const posts = standIn.callsTo("github", "POST", /\/statuses\//);
    expect(posts.map((call) => call.path)).toEqual(
      posts.map(() => `/repos/acme/widget/statuses/${sha}`),
    );
    expect(posts.map((call) => (call.body as { state: string }).state)).toEqual([
      "pending",
      "success",
    ]);
    const targetUrl = `https://cairn.example.com/pipeline/${pipelineId}`;
    expect(posts[0]?.body).toEqual({
      state: "pending",
      context: "cairn/main",
      description: "Running",
      target_url: targetUrl,
    });
    expect(posts[1]?.body).toEqual({
      state: "success",
      context: "cairn/main",
      description: "Your tests passed on Cairn",
      target_url: targetUrl,
    });
    expect(posts[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(standIn.problems).toEqual([]);
  });
});
