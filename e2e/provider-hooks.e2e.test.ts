// The provider webhook routes on the running stack: a GitHub-style delivery is verified with
// the project's secret, answered at once, recorded once, and processed in the web process
// (here without a GitHub token, so the config comes from the project's mirror).
import { execFileSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApiToken, ensureLocalAdministrator } from "@cairn/auth";
import { createDb, type Db } from "@cairn/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelUnfinishedWork, e2eStack, pollUntil } from "./stack.ts";

const { baseUrl, databaseUrl } = e2eStack();

const CONFIG = `version: 2.1
jobs:
  build:
    docker: [{ image: cairn/base:bookworm }]
    steps: [checkout]
workflows:
  main:
    jobs: [build]
`;

const suffix = randomBytes(4).toString("hex");
const tokenName = `e2e provider-hooks ${suffix}`;
const repositoryId = 7_000_000 + Math.floor(Math.random() * 1_000_000);
let db: Db;
let scratch: string;
let sha: string;
let token: string;
let project: { slug: string; webhook_secret: string };

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=e2e", "-c", "user.email=e2e@example.test", ...args], {
    cwd,
    encoding: "utf8",
  }).trim();

function push(secret: string, delivery: string, body = pushBody()) {
  return fetch(new URL("/api/hooks/github", baseUrl), {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "X-GitHub-Event": "push",
      "X-GitHub-Delivery": delivery,
      "X-Hub-Signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    },
    body,
  });
}

function pushBody(id = repositoryId) {
  return JSON.stringify({
    ref: "refs/heads/main",
    before: "0".repeat(40),
    after: sha,
    head_commit: { message: "add a config" },
    repository: { id, full_name: `acme/widget-${suffix}` },
  });
}

const deliveries = () => db.webhookDelivery.count({ where: { project: { slug: project.slug } } });

beforeAll(async () => {
  db = createDb(databaseUrl);
  const admin = await ensureLocalAdministrator(db);
  token = (await createApiToken(db, admin.id, tokenName)).token;
  scratch = mkdtempSync(join(tmpdir(), "cairn-provider-hooks-e2e-"));
  const repo = join(scratch, "repo");
  mkdirSync(join(repo, ".circleci"), { recursive: true });
  git(scratch, "init", "-q", "-b", "main", repo);
  writeFileSync(join(repo, ".circleci/config.yml"), CONFIG);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "add a config");
  sha = git(repo, "rev-parse", "HEAD");

  // A project made through the API (which encrypts its webhook secret with the stack's key),
  // then named as the GitHub repository the deliveries come from.
  const response = await fetch(new URL("/api/v2/project", baseUrl), {
    method: "POST",
    headers: { "Circle-Token": token, "content-type": "application/json" },
    body: JSON.stringify({ provider: "git", url: repo, name: `hooks-${suffix}` }),
  });
  expect(response.status).toBe(201);
  project = (await response.json()) as typeof project;
  await db.project.update({
    where: { slug: project.slug },
    data: { provider: "github", vcsRepoId: String(repositoryId) },
  });
});

afterAll(async () => {
  if (db) {
    if (project) await cancelUnfinishedWork(db, baseUrl, [project.slug], token);
    if (project) await db.project.deleteMany({ where: { slug: project.slug } });
    await db.apiToken.deleteMany({ where: { name: tokenName } });
    await db.$disconnect();
  }
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("POST /api/hooks/github", () => {
  it("answers 202 at once, then the web process starts the pipeline", async () => {
    const started = Date.now();
    const response = await push(project.webhook_secret, `first-${suffix}`);
    const elapsed = Date.now() - started;
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: "accepted", delivery: `first-${suffix}` });
    // Generous for a shared test machine; the work itself happens after the answer.
    expect(elapsed).toBeLessThan(2000);

    const delivery = await pollUntil(
      "the delivery to be processed",
      () => db.webhookDelivery.findFirstOrThrow({ where: { deliveryId: `first-${suffix}` } }),
      (row) => row.state === "processed" || row.state === "failed",
    );
    expect(delivery).toMatchObject({ state: "processed", outcome: "pipeline created" });
    const pipeline = await db.pipeline.findUniqueOrThrow({
      where: { id: delivery.pipelineId ?? "" },
    });
    expect(pipeline).toMatchObject({ branch: "main", revision: sha, triggerType: "webhook" });
  });

  it("answers a replayed delivery with 200 and records it once", async () => {
    const before = await deliveries();
    expect((await push(project.webhook_secret, `replay-${suffix}`)).status).toBe(202);
    const replay = await push(project.webhook_secret, `replay-${suffix}`);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ status: "duplicate" });
    expect(await deliveries()).toBe(before + 1);
  });

  it("refuses a bad or missing signature with 401 and records nothing", async () => {
    const before = await deliveries();
    const bad = await push("not-the-secret", `bad-${suffix}`);
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ message: expect.stringMatching(/signature/i) });
    const unsigned = await fetch(new URL("/api/hooks/github", baseUrl), {
      method: "POST",
      headers: { "X-GitHub-Event": "push", "X-GitHub-Delivery": `unsigned-${suffix}` },
      body: pushBody(),
    });
    expect(unsigned.status).toBe(401);
    expect(await deliveries()).toBe(before);
  });

  it("answers 404 for a repository no project follows and 413 beyond 25 MB", async () => {
    const unknown = await push(project.webhook_secret, `unknown-${suffix}`, pushBody(1));
    expect(unknown.status).toBe(404);
    const huge = await fetch(new URL("/api/hooks/github", baseUrl), {
      method: "POST",
      body: "x".repeat(25 * 1024 * 1024 + 1),
    });
    expect(huge.status).toBe(413);
  });
});
