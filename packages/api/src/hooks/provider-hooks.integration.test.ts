// Provider webhooks on real PostgreSQL, with the provider APIs answered by the local
// stand-in: receive (signature, replay), process (config read through the API, pipeline),
// failure and redelivery, fork pull requests, and commit statuses.
import { createHmac, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { LocalSecretCipher } from "@cairn/secrets";
import { commit, git, type ProviderStandIn, startProviderStandIn } from "@cairn/vcs/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportDueCommitStatuses } from "../commit-status/report-commit-statuses.ts";
import type { Services } from "../services.ts";
import { processWebhookDelivery } from "./process-webhook-delivery.ts";
import { providerTokenForProject } from "./provider-token.ts";
import { receiveProviderHook } from "./receive-provider-hook.ts";
import { listWebhookDeliveries, redeliverWebhook } from "./webhook-deliveries.ts";

const TOKEN = "gho_integration-token";
const SECRET = "hook-secret-123";
const CONFIG = `version: 2.1
jobs:
  build:
    docker: [{ image: cairn/base:bookworm }]
    steps: [checkout]
workflows:
  main:
    jobs: [build]
`;
const fixtures = new URL("../../../vcs/test/fixtures/", import.meta.url);

let database: TestDatabase;
let db: Db;
let standIn: ProviderStandIn;
let services: Services;
let scratch: string;
let sha: string;
let admin: { id: string; isAdmin: boolean; login: string | null; name: string | null };
const projectIds: Record<string, string> = {};

function githubPush(overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    ref: "refs/heads/main",
    before: "0".repeat(40),
    after: sha,
    head_commit: { message: "a change" },
    repository: { id: 4242, full_name: "acme/widget" },
    ...overrides,
  });
}

function githubRequest(body: string, secret = SECRET, delivery = randomBytes(8).toString("hex")) {
  return {
    headers: {
      "X-GitHub-Event": "push",
      "X-GitHub-Delivery": delivery,
      "X-Hub-Signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    },
    rawBody: body,
  };
}

async function accept(body: string, delivery?: string) {
  const outcome = await receiveProviderHook(
    services,
    "github",
    githubRequest(body, SECRET, delivery),
  );
  if (outcome.status !== "accepted") throw new Error(`not accepted: ${outcome.status}`);
  return outcome;
}

beforeAll(async () => {
  database = await createTestDatabase(requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL));
  db = database.db;
  standIn = await startProviderStandIn({ token: TOKEN });
  scratch = mkdtempSync(join(tmpdir(), "cairn-provider-hooks-"));
  const repo = join(scratch, "repo");
  mkdirSync(repo);
  git(repo, "init", "-q", "-b", "main");
  sha = commit(repo, { ".circleci/config.yml": CONFIG }, "first");

  const cipher = new LocalSecretCipher(randomBytes(32));
  const app = (apiUrl: string) => ({
    clientId: "id",
    clientSecret: "secret",
    webUrl: apiUrl,
    apiUrl,
  });
  services = {
    db,
    cipher,
    dataDir: join(scratch, "data"),
    baseUrl: "https://cairn.example.com",
    orbCacheDir: join(scratch, "orbs"),
    oauth: {
      github: app(standIn.baseUrls.github),
      gitlab: app(standIn.baseUrls.gitlab),
      bitbucket: app(standIn.baseUrls.bitbucket),
    },
  };
  const user = await db.user.create({ data: { login: "octo", name: "Octo" } });
  admin = { id: user.id, isAdmin: false, login: user.login, name: user.name };
  for (const provider of ["github", "gitlab", "bitbucket"] as const) {
    await db.account.create({
      data: {
        userId: user.id,
        type: "oauth",
        provider,
        providerAccountId: `${provider}-1`,
        access_token: (await cipher.encrypt(TOKEN)).ciphertext,
      },
    });
  }
  const org = await db.organization.create({ data: { name: "acme", slug: "acme" } });
  await db.membership.create({ data: { userId: user.id, organizationId: org.id, role: "admin" } });
  const secret = await cipher.encrypt(SECRET);
  const projects = [
    {
      provider: "github",
      slug: "gh/acme/widget",
      owner: "acme",
      name: "widget",
      vcsRepoId: "4242",
    },
    {
      provider: "gitlab",
      slug: "gl/mike/diaspora",
      owner: "mike",
      name: "diaspora",
      vcsRepoId: "15",
    },
    {
      provider: "bitbucket",
      slug: "bb/team_name/repo_name",
      owner: "team_name",
      name: "repo_name",
      vcsRepoId: "{673a6070-3421-46c9-9d48-90745f7bfe8e}",
    },
  ] as const;
  for (const project of projects) {
    const created = await db.project.create({
      data: {
        ...project,
        organizationId: org.id,
        repoUrl: repo,
        webhookSecretCiphertext: secret.ciphertext,
        webhookSecretKeyVersion: secret.keyVersion,
      },
    });
    projectIds[project.provider] = created.id;
    await db.repositoryAccess.create({
      data: {
        userId: user.id,
        provider: project.provider,
        vcsRepoId: project.vcsRepoId,
        fullName: `${project.owner}/${project.name}`,
        owner: project.owner,
        name: project.name,
        private: true,
        defaultBranch: "main",
        sshUrl: repo,
        webUrl: "https://example.test",
        permission: "admin",
      },
    });
  }
  standIn.addRepository("github", {
    id: "4242",
    fullName: "acme/widget",
    permission: "admin",
    files: { [sha]: { ".circleci/config.yml": CONFIG } },
  });
}, 300_000);

afterAll(async () => {
  await standIn?.close();
  await database?.drop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("receiving a provider webhook", () => {
  it("records a signed delivery to be processed, and a replay does nothing", async () => {
    const body = githubPush();
    const outcome = await accept(body, "delivery-replayed");
    const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: outcome.id } });
    expect(row).toMatchObject({
      provider: "github",
      state: "received",
      projectId: projectIds.github,
    });
    expect(row.payload).toMatchObject({ kind: "push", push: { branch: "main", after: sha } });

    const replay = await receiveProviderHook(
      services,
      "github",
      githubRequest(body, SECRET, "delivery-replayed"),
    );
    expect(replay).toEqual({ status: "duplicate", deliveryId: "delivery-replayed" });
    await db.webhookDelivery.delete({ where: { id: outcome.id } });
  });

  it("refuses a bad or missing signature with 401 and stores nothing", async () => {
    const before = await db.webhookDelivery.count();
    const body = githubPush();
    await expect(
      receiveProviderHook(services, "github", githubRequest(body, "wrong")),
    ).rejects.toMatchObject({
      code: "unauthorized",
    });
    const unsigned = githubRequest(body);
    delete (unsigned.headers as Record<string, string>)["X-Hub-Signature-256"];
    await expect(receiveProviderHook(services, "github", unsigned)).rejects.toMatchObject({
      code: "unauthorized",
      message: expect.stringContaining("X-Hub-Signature-256"),
    });
    expect(await db.webhookDelivery.count()).toBe(before);
  });

  it("answers not_found for a repository no project follows, invalid_input for a body naming none", async () => {
    await expect(
      receiveProviderHook(
        services,
        "github",
        githubRequest(githubPush({ repository: { id: 1, full_name: "x/y" } })),
      ),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      receiveProviderHook(services, "github", githubRequest("not json")),
    ).rejects.toMatchObject({
      code: "invalid_input",
    });
  });

  it("verifies GitLab's token and Bitbucket's signature on their published examples", async () => {
    const gitlabBody = readFileSync(new URL("gitlab/push.json", fixtures), "utf8");
    const gitlab = await receiveProviderHook(services, "gitlab", {
      headers: {
        "X-Gitlab-Event": "Push Hook",
        "X-Gitlab-Token": SECRET,
        "X-Gitlab-Event-UUID": "gl-1",
      },
      rawBody: gitlabBody,
    });
    expect(gitlab).toMatchObject({ status: "accepted", deliveryId: "gl-1" });
    await expect(
      receiveProviderHook(services, "gitlab", {
        headers: {
          "X-Gitlab-Event": "Push Hook",
          "X-Gitlab-Token": "nope",
          "X-Gitlab-Event-UUID": "gl-2",
        },
        rawBody: gitlabBody,
      }),
    ).rejects.toMatchObject({ code: "unauthorized" });

    const bitbucketBody = readFileSync(new URL("bitbucket/repo-push.json", fixtures), "utf8");
    const bitbucket = await receiveProviderHook(services, "bitbucket", {
      headers: {
        "X-Event-Key": "repo:push",
        "X-Request-UUID": "bb-1",
        "X-Hub-Signature": `sha256=${createHmac("sha256", SECRET).update(bitbucketBody).digest("hex")}`,
      },
      rawBody: bitbucketBody,
    });
    expect(bitbucket).toMatchObject({ status: "accepted", deliveryId: "bb-1" });
    await db.webhookDelivery.deleteMany({ where: { deliveryId: { in: ["gl-1", "bb-1"] } } });
  });
});

describe("processing a delivery", () => {
  it("reads the config through the provider API with the follower's token and starts the pipeline", async () => {
    expect(await providerTokenForProject(services, projectIds.github ?? "")).toMatchObject({
      token: TOKEN,
    });
    standIn.calls.length = 0;
    const outcome = await accept(githubPush());
    const result = await processWebhookDelivery(services, outcome.id);
    expect(result).toMatchObject({ state: "processed", outcome: "pipeline created" });
    expect(await processWebhookDelivery(services, outcome.id)).toBeNull(); // already done

    const reads = standIn.callsTo("github", "GET", /\/contents\//);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({
      path: "/repos/acme/widget/contents/.circleci/config.yml",
      query: { ref: sha },
    });
    const pipeline = await db.pipeline.findUniqueOrThrow({
      where: { id: result?.state === "processed" ? result.pipelineId : "" },
      include: { workflows: true },
    });
    expect(pipeline).toMatchObject({
      branch: "main",
      revision: sha,
      configSource: CONFIG,
      fromFork: false,
    });
    expect(pipeline.workflows.map((w) => w.name)).toEqual(["main"]);
    const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: outcome.id } });
    expect(row).toMatchObject({ state: "processed", pipelineId: pipeline.id, attempts: 1 });
  });

  it("keeps a delivery whose processing failed, with the reason, and redelivers it", async () => {
    standIn.failNext("github", 4, { status: 502 });
    const outcome = await accept(githubPush());
    const result = await processWebhookDelivery(services, outcome.id);
    expect(result).toMatchObject({
      state: "failed",
      error: expect.stringMatching(/GitHub API GET .* 502/),
    });
    const project = await db.project.findUniqueOrThrow({ where: { id: projectIds.github } });
    expect(project.providerError).toMatch(/502/);

    const listed = await listWebhookDeliveries(db, admin, "gh/acme/widget");
    expect(listed.find((d) => d.id === outcome.id)).toMatchObject({
      state: "failed",
      error: expect.any(String),
    });

    const again = await redeliverWebhook(services, admin, "gh/acme/widget", outcome.id);
    expect(again).toMatchObject({ state: "processed", pipelineId: expect.any(String) });
    await expect(
      redeliverWebhook(services, admin, "gh/acme/widget", outcome.id),
    ).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("only a project's admins may list and redeliver", async () => {
    const member = await db.user.create({ data: { login: "member" } });
    const project = await db.project.findUniqueOrThrow({ where: { id: projectIds.github } });
    await db.membership.create({
      data: { userId: member.id, organizationId: project.organizationId, role: "member" },
    });
    const viewer = { id: member.id, isAdmin: false, login: "member", name: null };
    await expect(listWebhookDeliveries(db, viewer, "gh/acme/widget")).rejects.toMatchObject({
      code: "forbidden",
    });
    const stranger = await db.user.create({ data: { login: "stranger" } });
    await expect(
      listWebhookDeliveries(
        db,
        { id: stranger.id, isAdmin: false, login: "stranger", name: null },
        "gh/acme/widget",
      ),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("does not build a fork's pull request unless the project allows it, then marks it from a fork", async () => {
    const pr = () =>
      JSON.stringify({
        action: "opened",
        number: 7,
        pull_request: {
          html_url: "https://github.test/acme/widget/pull/7",
          title: "From a fork",
          head: {
            sha,
            ref: "feature",
            repo: { id: 999, clone_url: "https://github.test/fork/widget.git" },
          },
          base: { ref: "main", repo: { id: 4242 } },
        },
        repository: { id: 4242, full_name: "acme/widget" },
      });
    const send = async (delivery: string) => {
      const body = pr();
      const request = githubRequest(body, SECRET, delivery);
      request.headers["X-GitHub-Event"] = "pull_request";
      const outcome = await receiveProviderHook(services, "github", request);
      if (outcome.status !== "accepted") throw new Error("not accepted");
      return processWebhookDelivery(services, outcome.id);
    };
    expect(await send("fork-1")).toMatchObject({
      state: "processed",
      outcome: expect.stringMatching(/forks are not built/),
    });

    await db.project.update({
      where: { id: projectIds.github },
      data: { settings: { buildForkPullRequests: true } },
    });
    const built = await send("fork-2");
    expect(built).toMatchObject({ state: "processed", pipelineId: expect.any(String) });
    const pipeline = await db.pipeline.findUniqueOrThrow({
      where: { id: built?.state === "processed" ? built.pipelineId : "" },
    });
    expect(pipeline).toMatchObject({
      fromFork: true,
      pullRequestNumber: 7,
      branch: "pull/7",
      originRepositoryUrl: "https://github.test/fork/widget.git",
    });
  });

  it("falls back to the mirror when nobody has a usable token", async () => {
    await db.account.updateMany({ where: { provider: "gitlab" }, data: { access_token: null } });
    const body = readFileSync(new URL("gitlab/push.json", fixtures), "utf8");
    // The example names commits that are not in the test repository: point it at ours.
    const event = JSON.parse(body);
    event.after = sha;
    event.checkout_sha = sha;
    event.commits = [];
    const rawBody = JSON.stringify(event);
    const outcome = await receiveProviderHook(services, "gitlab", {
      headers: {
        "X-Gitlab-Event": "Push Hook",
        "X-Gitlab-Token": SECRET,
        "X-Gitlab-Event-UUID": "gl-mirror",
      },
      rawBody,
    });
    if (outcome.status !== "accepted") throw new Error("not accepted");
    standIn.calls.length = 0;
    const result = await processWebhookDelivery(services, outcome.id);
    expect(result).toMatchObject({ state: "processed", outcome: "pipeline created" });
    expect(standIn.callsTo("gitlab")).toHaveLength(0);
  });
});

describe("commit statuses", () => {
  it("posts pending for new workflows and the final state when they end", async () => {
    await reportDueCommitStatuses(services, { limit: 100 });
    const repo = standIn.state.repositories.find((r) => r.id === "4242");
    expect(repo?.statuses.length).toBeGreaterThan(0);
    const posted = standIn.callsTo("github", "POST", /\/statuses\//);
    expect(posted[0]?.body).toEqual({
      state: "pending",
      context: "cairn/main",
      description: "Running",
      target_url: expect.stringMatching(/^https:\/\/cairn\.example\.com\/pipeline\/[0-9a-f-]{36}$/),
    });
    // Nothing new: nothing posted.
    const count = standIn.calls.length;
    expect(await reportDueCommitStatuses(services)).toEqual({ posted: 0, failed: 0, skipped: 0 });
    expect(standIn.calls.length).toBe(count);

    const workflow = await db.workflow.findFirstOrThrow({
      where: { pipeline: { projectId: projectIds.github } },
      orderBy: { createdAt: "asc" },
    });
    await db.workflow.update({ where: { id: workflow.id }, data: { status: "success" } });
    expect(await reportDueCommitStatuses(services)).toMatchObject({ posted: 1 });
    expect(repo?.statuses.at(-1)).toMatchObject({ state: "success", context: "cairn/main", sha });
  });

  it("records a provider failure on the workflow and project, and retries later", async () => {
    const workflow = await db.workflow.findFirstOrThrow({
      where: { pipeline: { projectId: projectIds.github }, status: "running" },
    });
    standIn.failNext("github", 4, { status: 503 });
    await db.workflow.update({ where: { id: workflow.id }, data: { status: "failed" } });
    expect(await reportDueCommitStatuses(services)).toMatchObject({ failed: 1 });
    const after = await db.workflow.findUniqueOrThrow({ where: { id: workflow.id } });
    expect(after).toMatchObject({
      commitStatusDue: true,
      commitStatusAttempts: 1,
      commitStatusError: expect.stringMatching(/503/),
    });
    expect(after.commitStatusRetryAt?.getTime()).toBeGreaterThan(Date.now());
    const project = await db.project.findUniqueOrThrow({ where: { id: projectIds.github } });
    expect(project.providerError).toMatch(/503/);

    // When the retry is due it goes through and clears the errors.
    await db.workflow.update({
      where: { id: workflow.id },
      data: { commitStatusRetryAt: new Date(0) },
    });
    expect(await reportDueCommitStatuses(services)).toMatchObject({ posted: 1 });
    expect(await db.workflow.findUniqueOrThrow({ where: { id: workflow.id } })).toMatchObject({
      commitStatusState: "failure",
      commitStatusError: null,
    });
    expect(
      (await db.project.findUniqueOrThrow({ where: { id: projectIds.github } })).providerError,
    ).toBeNull();
  });
});
