// Who may read and change a project's settings through tRPC: the organization's owner
// reads and changes everything; a plain member reads, and changes what the REST API lets
// members change (variables, workflows) but not the project's keys, webhook or fork
// policy (FORBIDDEN); someone outside the organization gets NOT_FOUND everywhere; nobody
// signed in gets UNAUTHORIZED. Secrets never come back, except a new token or webhook
// secret in the one answer that makes it.
import { randomBytes } from "node:crypto";
import { hashToken } from "@cairn/auth";
import { compileConfig } from "@cairn/config";
import type { Db, User } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { createPipeline, finishJob, leaseNextJob } from "@cairn/queue";
import { LocalSecretCipher } from "@cairn/secrets";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensurePersonalOrganization } from "../organizations/ensure-personal-organization.ts";
import { createGitProject } from "../projects/create-git-project.ts";
import type { Services } from "../services.ts";
import { createCaller, createTRPCContext } from "./index.ts";

let database: TestDatabase;
let db: Db;
let services: Services;
let owner: User;
let member: User;
let outsider: User;
let slug = "";
let organizationSlug = "";

function callerFor(viewer: User | null) {
  return createCaller(createTRPCContext({ viewer, services }));
}

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    return error instanceof TRPCError ? error.code : `not a TRPCError: ${String(error)}`;
  }
}

const CONFIG = `version: 2.1
jobs:
  lint:
    docker: [{image: cimg/base:stable}]
    steps: [{run: echo lint}]
  build:
    docker: [{image: cimg/base:stable}]
    steps: [{run: echo build}]
  deploy:
    docker: [{image: cimg/base:stable}]
    steps: [{run: echo deploy}]
workflows:
  main:
    jobs:
      - lint
      - build: {requires: [lint]}
  release:
    jobs:
      - hold: {type: approval}
      - deploy: {requires: [hold]}
`;

beforeAll(async () => {
  database = await createTestDatabase(requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL));
  db = database.db;
  services = {
    db,
    cipher: LocalSecretCipher.fromBase64(randomBytes(32).toString("base64")),
    dataDir: "/nonexistent",
    baseUrl: "http://cairn.test",
    orbCacheDir: "/nonexistent/orbs",
  };
  owner = await db.user.create({ data: { email: "owner@test", login: "owner", name: "Owner" } });
  member = await db.user.create({ data: { email: "member@test", login: "member", name: "M" } });
  outsider = await db.user.create({ data: { email: "out@test", login: "out", name: "Out" } });
  await ensurePersonalOrganization(db, outsider);
  const organization = await ensurePersonalOrganization(db, owner);
  organizationSlug = organization.slug;
  await db.membership.create({
    data: { userId: member.id, organizationId: organization.id, role: "member" },
  });
  const created = await createGitProject(services, owner, {
    provider: "git",
    url: "https://git.example.test/app.git",
    name: "app",
  });
  slug = created.slug;
  await db.project.update({ where: { slug }, data: { settings: { maxConcurrentJobs: 2 } } });
});

afterAll(async () => {
  await database?.drop();
});

describe("settings and fork policy", () => {
  it("lets the owner change the fork policy, keeping other settings", async () => {
    const settings = await callerFor(owner).settings.get({ slug });
    expect(settings).toMatchObject({
      slug,
      organizationSlug,
      canManage: true,
      forkPolicy: { buildForkPullRequests: false, passSecretsToForks: false },
    });
    // Secrets for forks without building forks means nothing: it stays off.
    expect(
      await callerFor(owner).settings.updateForkPolicy({
        slug,
        policy: { buildForkPullRequests: false, passSecretsToForks: true },
      }),
    ).toEqual({ buildForkPullRequests: false, passSecretsToForks: false });
    expect(
      await callerFor(owner).settings.updateForkPolicy({
        slug,
        policy: { buildForkPullRequests: true, passSecretsToForks: true },
      }),
    ).toEqual({ buildForkPullRequests: true, passSecretsToForks: true });
    const stored = await db.project.findUniqueOrThrow({ where: { slug } });
    expect(stored.settings).toEqual({
      maxConcurrentJobs: 2,
      buildForkPullRequests: true,
      passSecretsToForks: true,
    });
  });

  it("shows a member the settings without the right to change them", async () => {
    expect((await callerFor(member).settings.get({ slug })).canManage).toBe(false);
    const policy = { buildForkPullRequests: false, passSecretsToForks: false };
    expect(await codeOf(callerFor(member).settings.updateForkPolicy({ slug, policy }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(callerFor(outsider).settings.get({ slug }))).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(outsider).settings.updateForkPolicy({ slug, policy }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(callerFor(null).settings.get({ slug }))).toBe("UNAUTHORIZED");
  });
});

describe("environment variables", () => {
  it("lists names and last four characters only, for owner and member", async () => {
    const set = await callerFor(owner).envVars.set({
      slug,
      name: "API_KEY",
      value: "sk-123456789",
    });
    expect(set).toEqual({ name: "API_KEY", value: "xxxx6789" });
    await callerFor(member).envVars.set({ slug, name: "MEMBER_VAR", value: "from-member" });
    const listed = await callerFor(member).envVars.list({ slug });
    expect(listed.map(({ name, last4 }) => [name, last4])).toEqual([
      ["API_KEY", "6789"],
      ["MEMBER_VAR", "mber"],
    ]);
    expect(JSON.stringify(listed)).not.toContain("sk-123456789");
    expect(await callerFor(owner).envVars.delete({ slug, name: "MEMBER_VAR" })).toEqual({
      message: "Environment variable deleted.",
    });
    expect(await codeOf(callerFor(owner).envVars.delete({ slug, name: "MEMBER_VAR" }))).toBe(
      "NOT_FOUND",
    );
  });

  it("refuses outsiders, anonymous callers and bad names", async () => {
    expect(await codeOf(callerFor(outsider).envVars.list({ slug }))).toBe("NOT_FOUND");
    expect(
      await codeOf(callerFor(outsider).envVars.set({ slug, name: "X", value: "stolen" })),
    ).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(outsider).envVars.delete({ slug, name: "API_KEY" }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(callerFor(null).envVars.list({ slug }))).toBe("UNAUTHORIZED");
    expect(await codeOf(callerFor(owner).envVars.set({ slug, name: "1BAD", value: "v" }))).toBe(
      "BAD_REQUEST",
    );
    expect(await db.envVar.count({ where: { name: "X" } })).toBe(0);
  });
});

describe("contexts", () => {
  it("lets the owner create a context, store a write-only variable and restrict it", async () => {
    const caller = callerFor(owner);
    const created = await caller.contexts.create({ organizationSlug, name: "deploy" });
    await caller.contexts.setVariable({
      contextId: created.id,
      name: "TOKEN",
      value: "context-secret-1",
    });
    const project = await db.project.findUniqueOrThrow({ where: { slug } });
    await caller.contexts.restrictToProjects({ contextId: created.id, projectIds: [project.id] });
    const listed = await callerFor(member).contexts.list({ organizationSlug });
    expect(listed.projects).toEqual([{ id: project.id, slug }]);
    expect(listed.contexts).toEqual([
      expect.objectContaining({
        id: created.id,
        name: "deploy",
        projectIds: [project.id],
        variables: [expect.objectContaining({ name: "TOKEN", last4: "et-1" })],
      }),
    ]);
    expect(JSON.stringify(listed)).not.toContain("context-secret-1");
    expect(await codeOf(caller.contexts.create({ organizationSlug, name: "deploy" }))).toBe(
      "CONFLICT",
    );
  });

  it("refuses a member creating one, and outsiders and anonymous callers everything", async () => {
    const [context] = (await callerFor(owner).contexts.list({ organizationSlug })).contexts;
    const contextId = context?.id ?? "";
    expect(
      await codeOf(callerFor(member).contexts.create({ organizationSlug, name: "mine" })),
    ).toBe("FORBIDDEN");
    const out = callerFor(outsider);
    expect(await codeOf(out.contexts.list({ organizationSlug }))).toBe("NOT_FOUND");
    expect(await codeOf(out.contexts.create({ organizationSlug, name: "x" }))).toBe("NOT_FOUND");
    expect(
      await codeOf(out.contexts.setVariable({ contextId, name: "TOKEN", value: "overwrite" })),
    ).toBe("NOT_FOUND");
    expect(await codeOf(out.contexts.restrictToProjects({ contextId, projectIds: [] }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(out.contexts.delete({ id: contextId }))).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(null).contexts.list({ organizationSlug }))).toBe("UNAUTHORIZED");
    expect(await db.context.count()).toBe(1);
    expect(await callerFor(owner).contexts.delete({ id: contextId })).toEqual({
      message: "Context deleted.",
    });
  });
});

describe("checkout key and webhook", () => {
  it("shows the public key to members and lets only the owner regenerate it", async () => {
    const before = await callerFor(member).keys.checkoutKey({ slug });
    expect(before?.publicKey).toMatch(/^ssh-ed25519 /);
    expect(await codeOf(callerFor(member).keys.regenerateCheckoutKey({ slug }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(outsider).keys.checkoutKey({ slug }))).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(outsider).keys.regenerateCheckoutKey({ slug }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(callerFor(null).keys.checkoutKey({ slug }))).toBe("UNAUTHORIZED");
    // An installation administrator outside the organization may, like its owner.
    const administrator = await db.user.create({
      data: { email: "admin@test", login: "admin", name: "Admin", isAdmin: true },
    });
    expect((await callerFor(administrator).settings.get({ slug })).canManage).toBe(true);
    const byAdministrator = await callerFor(administrator).keys.regenerateCheckoutKey({ slug });
    expect(byAdministrator.fingerprint).not.toBe(before?.fingerprint);
    const after = await callerFor(owner).keys.regenerateCheckoutKey({ slug });
    expect(after.fingerprint).not.toBe(byAdministrator.fingerprint);
    expect(after.fingerprint).not.toBe(before?.fingerprint);
    expect(JSON.stringify(after)).not.toContain("PRIVATE KEY");
    const stored = await db.project.findUniqueOrThrow({ where: { slug } });
    expect(stored.deployKeyPublic).toBe(after.publicKey);
    expect(await services.cipher.decrypt(stored.deployKeyCiphertext ?? "")).toContain(
      "PRIVATE KEY",
    );
  });

  it("shows the webhook URL, never the secret, and a new secret once to the owner", async () => {
    const hook = await callerFor(member).webhook.get({ slug });
    expect(hook).toEqual({ url: `http://cairn.test/api/hooks/git/${slug}`, hasSecret: true });
    expect(await codeOf(callerFor(member).webhook.regenerateSecret({ slug }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(outsider).webhook.get({ slug }))).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(outsider).webhook.regenerateSecret({ slug }))).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(null).webhook.get({ slug }))).toBe("UNAUTHORIZED");
    const fresh = await callerFor(owner).webhook.regenerateSecret({ slug });
    const stored = await db.project.findUniqueOrThrow({ where: { slug } });
    expect(await services.cipher.decrypt(stored.webhookSecretCiphertext ?? "")).toBe(fresh.secret);
  });
});

describe("API tokens", () => {
  it("shows a new token once, lists it by its last four, and lets only its user revoke it", async () => {
    const created = await callerFor(member).tokens.create({ name: "ci script" });
    expect(created.token).toMatch(/^cairn_/);
    const [listed] = await callerFor(member).tokens.list();
    expect(listed).toEqual({
      id: created.id,
      name: "ci script",
      last4: created.token.slice(-4),
      createdAt: expect.any(String),
      lastUsedAt: null,
    });
    expect(JSON.stringify(await callerFor(member).tokens.list())).not.toContain(created.token);
    expect(await callerFor(owner).tokens.list()).toEqual([]);
    expect(await codeOf(callerFor(owner).tokens.revoke({ id: created.id }))).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(null).tokens.list())).toBe("UNAUTHORIZED");
    expect(await codeOf(callerFor(member).tokens.create({ name: "  " }))).toBe("BAD_REQUEST");
    await callerFor(member).tokens.revoke({ id: created.id });
    expect(await db.apiToken.count({ where: { tokenHash: hashToken(created.token) } })).toBe(0);
  });
});

describe("workflows and config errors", () => {
  it("approves, reruns from failed, cancels, and refuses outsiders", async () => {
    const project = await db.project.findUniqueOrThrow({ where: { slug } });
    const created = await createPipeline(db, {
      projectId: project.id,
      trigger: { type: "api", actorLogin: "owner" },
      branch: "main",
      sha: "a".repeat(40),
      parameters: {},
      configSource: CONFIG,
      compiled: compileConfig(CONFIG, { branch: "main" }),
    });
    const main = created.workflows.find((workflow) => workflow.name === "main");
    const release = created.workflows.find((workflow) => workflow.name === "release");
    const hold = await db.job.findFirstOrThrow({
      where: { workflowId: release?.id, name: "hold" },
    });
    const out = callerFor(outsider);
    expect(await codeOf(out.workflows.approve({ id: release?.id ?? "", jobId: hold.id }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(out.workflows.cancel({ id: main?.id ?? "" }))).toBe("NOT_FOUND");
    expect(await codeOf(out.workflows.rerun({ id: main?.id ?? "", fromFailed: true }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(callerFor(null).workflows.cancel({ id: main?.id ?? "" }))).toBe(
      "UNAUTHORIZED",
    );

    await callerFor(member).workflows.approve({ id: release?.id ?? "", jobId: hold.id });
    expect((await db.job.findUniqueOrThrow({ where: { id: hold.id } })).status).toBe("success");
    // Approving twice is a conflict, not a silent success.
    expect(
      await codeOf(callerFor(owner).workflows.approve({ id: release?.id ?? "", jobId: hold.id })),
    ).toBe("CONFLICT");

    // lint succeeds, build fails: rerun from failed runs build again and copies lint.
    for (const status of ["success", "failed"] as const) {
      const leased = await leaseNextJob(db, { workerId: "w-test", leaseSeconds: 30 });
      if (!leased) throw new Error("nothing queued");
      const outcome = leased.name === "lint" ? "success" : status;
      await finishJob(db, {
        jobId: leased.id,
        workerId: "w-test",
        attempt: leased.attempt,
        status: leased.name === "deploy" ? "success" : outcome,
      });
    }
    // Drain whatever else was queued (deploy, build) until main has finished.
    for (;;) {
      const leased = await leaseNextJob(db, { workerId: "w-test", leaseSeconds: 30 });
      if (!leased) break;
      await finishJob(db, {
        jobId: leased.id,
        workerId: "w-test",
        attempt: leased.attempt,
        status: leased.name === "build" ? "failed" : "success",
      });
    }
    const rerun = await callerFor(member).workflows.rerun({
      id: main?.id ?? "",
      fromFailed: true,
    });
    const rerunJobs = await db.job.findMany({ where: { workflowId: rerun.workflowId } });
    const byName = Object.fromEntries(rerunJobs.map((job) => [job.name, job]));
    expect(byName.lint?.copiedFromId).not.toBeNull();
    expect(byName.build?.copiedFromId).toBeNull();
    expect(byName.build?.status).toBe("queued");

    const canceled = await callerFor(owner).workflows.cancelJob({ jobId: byName.build?.id ?? "" });
    expect(canceled.canceledJobIds).toEqual([byName.build?.id]);
    expect(await codeOf(out.workflows.cancelJob({ jobId: byName.build?.id ?? "" }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(out.workflows.rerunJob({ jobId: byName.build?.id ?? "" }))).toBe(
      "NOT_FOUND",
    );
    const again = await callerFor(owner).workflows.rerunJob({ jobId: byName.build?.id ?? "" });
    expect(again.workflowId).not.toBe(rerun.workflowId);
  });

  it("shows each config error with the lines around it, to those who may see the pipeline", async () => {
    const project = await db.project.findUniqueOrThrow({ where: { slug } });
    const broken =
      "version: 2.1\njobs:\n  build:\n    docker: [{image: x}]\n    stepz: []\nworkflows:\n  main:\n    jobs: [build]\n";
    const created = await createPipeline(db, {
      projectId: project.id,
      trigger: { type: "api", actorLogin: "owner" },
      branch: "main",
      sha: "b".repeat(40),
      parameters: {},
      configSource: broken,
      compiled: compileConfig(broken, { branch: "main" }),
    });
    const errors = await callerFor(member).pipelines.configErrors({ id: created.pipelineId });
    expect(errors.length).toBeGreaterThan(0);
    const [first] = errors;
    expect(first?.file).toBe(".circleci/config.yml");
    expect(first?.line).toBeGreaterThan(0);
    const excerpt = first?.excerpt;
    expect(excerpt).not.toBeNull();
    const marked = excerpt?.lines[(first?.line ?? 0) - (excerpt?.firstLine ?? 0)];
    expect(marked).toBe(broken.split("\n")[(first?.line ?? 1) - 1]);
    expect(
      await codeOf(callerFor(outsider).pipelines.configErrors({ id: created.pipelineId })),
    ).toBe("NOT_FOUND");
  });
});
