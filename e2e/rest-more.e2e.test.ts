// Project environment variables, checkout keys, workflow rerun and approval, and the
// OpenAPI document, driven over REST against a running Cairn whose worker runs the jobs.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensurePersonalOrganization } from "@cairn/api";
import { createApiToken, ensureLocalAdministrator } from "@cairn/auth";
import { createDb, type Db } from "@cairn/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eStack, pollUntil } from "./stack.ts";

const { baseUrl, databaseUrl } = e2eStack();

// One workflow per branch: the secret printer, a failing one to rerun, an approval gate.
const CONFIG = `version: 2.1
executors:
  base:
    docker:
      - image: cairn/base:bookworm
jobs:
  show-secret:
    executor: base
    steps:
      - run: echo "the secret is $REST_MORE_SECRET."
  passes:
    executor: base
    steps:
      - run: echo fine
  fails:
    executor: base
    steps:
      - run: echo failing && exit 3
  after-approval:
    executor: base
    steps:
      - run: echo approved
workflows:
  secret:
    jobs:
      - show-secret:
          filters: { branches: { only: main } }
  flaky:
    jobs:
      - passes:
          filters: { branches: { only: flaky } }
      - fails:
          requires: [passes]
          filters: { branches: { only: flaky } }
  gated:
    jobs:
      - hold:
          type: approval
          filters: { branches: { only: gated } }
      - after-approval:
          requires: [hold]
          filters: { branches: { only: gated } }
`;

// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field by the assertions
type Answer = any;

const suffix = randomBytes(4).toString("hex");
const secretValue = `sup3r-s3cret-${suffix}`;
let db: Db;
let scratch: string;
let adminToken: string;
let outsiderToken: string;
let projectSlug: string;
const userIds: string[] = [];
const tokenName = `e2e rest-more ${suffix}`;

function git(cwd: string, ...args: string[]) {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "e2e",
      GIT_AUTHOR_EMAIL: "e2e@example.test",
      GIT_COMMITTER_NAME: "e2e",
      GIT_COMMITTER_EMAIL: "e2e@example.test",
    },
  });
}

async function json(path: string, init: RequestInit & { token?: string } = {}) {
  const { token, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== undefined) headers.set("Circle-Token", token);
  if (rest.body !== undefined) headers.set("content-type", "application/json");
  const response = await fetch(new URL(path, baseUrl), { ...rest, headers });
  return { status: response.status, body: (await response.json()) as Answer };
}

const ENDED = ["success", "failed", "canceled", "not_run", "infrastructure_fail"];

/** The first workflow of a pipeline triggered on `branch`, and its id. */
async function triggerWorkflow(branch: string) {
  const created = await json(`/api/v2/project/${projectSlug}/pipeline`, {
    method: "POST",
    token: adminToken,
    body: JSON.stringify({ branch }),
  });
  expect(created.status).toBe(201);
  const workflows = await pollUntil(
    `a workflow on ${branch}`,
    () => json(`/api/v2/pipeline/${created.body.id}/workflow`, { token: adminToken }),
    (result) => result.body.items?.length > 0,
  );
  return workflows.body.items[0].id as string;
}

async function workflowJobs(workflowId: string) {
  const { body } = await json(`/api/v2/workflow/${workflowId}/job`, { token: adminToken });
  return body.items as Answer[];
}

async function jobsWhen(workflowId: string, done: (jobs: Answer[]) => boolean) {
  return pollUntil("the workflow's jobs", () => workflowJobs(workflowId), done);
}

const byName = (jobs: Answer[], name: string) => jobs.find((job) => job.name === name);

beforeAll(async () => {
  db = createDb(databaseUrl);
  scratch = mkdtempSync(join(tmpdir(), "cairn-rest-more-e2e-"));
  const repo = join(scratch, "repo");
  mkdirSync(join(repo, ".circleci"), { recursive: true });
  git(repo, "init", "-q", "-b", "main");
  writeFileSync(join(repo, ".circleci/config.yml"), CONFIG);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "config");
  git(repo, "branch", "flaky");
  git(repo, "branch", "gated");

  const admin = await ensureLocalAdministrator(db);
  adminToken = (await createApiToken(db, admin.id, tokenName)).token;
  const outsider = await db.user.create({
    data: {
      email: `outsider-${suffix}@e2e.test`,
      login: `outsider-${suffix}`,
      name: "outsider",
    },
  });
  userIds.push(outsider.id);
  await ensurePersonalOrganization(db, outsider);
  outsiderToken = (await createApiToken(db, outsider.id, "e2e")).token;

  const created = await json("/api/v2/project", {
    method: "POST",
    token: adminToken,
    body: JSON.stringify({ provider: "git", url: repo, name: `rest-more-${suffix}` }),
  });
  expect(created.status).toBe(201);
  projectSlug = created.body.slug;
});

afterAll(async () => {
  if (db) {
    if (projectSlug) {
      const open = await db.job.findMany({
        where: {
          project: { slug: projectSlug },
          status: { in: ["blocked", "queued", "running", "on_hold"] },
        },
        select: { workflowId: true },
        distinct: ["workflowId"],
      });
      for (const { workflowId } of open) {
        await fetch(new URL(`/api/v2/workflow/${workflowId}/cancel`, baseUrl), {
          method: "POST",
          headers: { "Circle-Token": adminToken },
        });
      }
      if (open.length > 0) await new Promise((resolve) => setTimeout(resolve, 3000));
      // The project cascades to its pipelines, jobs, logs and environment variables.
      await db.project.deleteMany({ where: { slug: projectSlug } });
    }
    await db.organization.deleteMany({
      where: { memberships: { some: { userId: { in: userIds }, role: "owner" } } },
    });
    await db.user.deleteMany({ where: { id: { in: userIds } } });
    await db.apiToken.deleteMany({ where: { name: tokenName } });
    await db.$disconnect();
  }
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("project environment variables", () => {
  it("creates, lists, reads and deletes a variable, never showing its value", async () => {
    const path = `/api/v2/project/${projectSlug}/envvar`;
    const body = JSON.stringify({ name: "TEMPORARY", value: "first-value" });
    const created = await json(path, { method: "POST", token: adminToken, body });
    expect(created).toEqual({ status: 201, body: { name: "TEMPORARY", value: "xxxxalue" } });

    const replaced = await json(path, {
      method: "POST",
      token: adminToken,
      body: JSON.stringify({ name: "TEMPORARY", value: "second-secret" }),
    });
    expect(replaced.body).toEqual({ name: "TEMPORARY", value: "xxxxcret" });

    const listed = await json(path, { token: adminToken });
    expect(listed).toEqual({
      status: 200,
      body: { items: [{ name: "TEMPORARY", value: "xxxxcret" }], next_page_token: null },
    });
    expect(JSON.stringify(listed.body)).not.toContain("second-secret");
    const stored = await db.envVar.findFirstOrThrow({ where: { name: "TEMPORARY" } });
    expect(stored.ciphertext).not.toContain("second-secret");

    const one = await json(`${path}/TEMPORARY`, { token: adminToken });
    expect(one).toEqual({ status: 200, body: { name: "TEMPORARY", value: "xxxxcret" } });
    const deleted = await json(`${path}/TEMPORARY`, { method: "DELETE", token: adminToken });
    expect(deleted.status).toBe(200);
    expect((await json(`${path}/TEMPORARY`, { token: adminToken })).status).toBe(404);
    expect((await json(path, { token: adminToken })).body.items).toEqual([]);
  });

  it("refuses bad names and oversized values with 400 saying why", async () => {
    const path = `/api/v2/project/${projectSlug}/envvar`;
    const badName = await json(path, {
      method: "POST",
      token: adminToken,
      body: JSON.stringify({ name: "NOT-VALID", value: "x" }),
    });
    expect(badName.status).toBe(400);
    expect(badName.body.message).toMatch(/name/);
    const tooBig = await json(path, {
      method: "POST",
      token: adminToken,
      body: JSON.stringify({ name: "BIG", value: "x".repeat(128 * 1024 + 1) }),
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.message).toMatch(/128 KB/);
  });

  it("hides the project's variables from an outsider (404)", async () => {
    const path = `/api/v2/project/${projectSlug}/envvar`;
    expect((await json(path, { token: outsiderToken })).status).toBe(404);
    const write = await json(path, {
      method: "POST",
      token: outsiderToken,
      body: JSON.stringify({ name: "SNEAKY", value: "x" }),
    });
    expect(write).toEqual({ status: 404, body: { message: "Project not found" } });
    expect((await json(path, {})).status).toBe(401);
  });

  it("gives a job the variable and masks it in the job's output", async () => {
    const created = await json(`/api/v2/project/${projectSlug}/envvar`, {
      method: "POST",
      token: adminToken,
      body: JSON.stringify({ name: "REST_MORE_SECRET", value: secretValue }),
    });
    expect(created.status).toBe(201);
    const workflowId = await triggerWorkflow("main");
    const jobs = await jobsWhen(workflowId, (items) => ENDED.includes(items[0]?.status));
    const job = byName(jobs, "show-secret");
    expect(job.status).toBe("success");
    const output = await fetch(
      new URL(`/api/v2/project/${projectSlug}/job/${job.job_number}/output`, baseUrl),
      { headers: { "Circle-Token": adminToken } },
    );
    const text = await output.text();
    expect(text).toContain("the secret is ****.");
    expect(text).not.toContain(secretValue);
  });

  it("keeps the value out of the web, worker and artifacts processes' logs", () => {
    const logDir = process.env.CAIRN_E2E_LOG_DIR;
    if (!logDir)
      throw new Error("CAIRN_E2E_LOG_DIR is not set: run the browser suite through `npm test`.");
    const logs = readdirSync(logDir).filter((name) => name.endsWith(".log"));
    expect(logs.sort()).toEqual(["artifacts.log", "web.log", "worker.log"]);
    for (const name of logs) {
      const text = readFileSync(join(logDir, name), "utf8");
      expect(text.length, `${name} is empty: the check would prove nothing`).toBeGreaterThan(0);
      expect(text.includes(secretValue), `${name} contains the secret`).toBe(false);
    }
  });
});

describe("checkout keys", () => {
  it("lists the project's deploy key, to members only", async () => {
    const path = `/api/v2/project/${projectSlug}/checkout-key`;
    const { status, body } = await json(path, { token: adminToken });
    expect(status).toBe(200);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ type: "deploy-key", preferred: true });
    expect(body.items[0].public_key).toMatch(/^ssh-ed25519 AAAA/);
    expect(body.items[0].fingerprint).toMatch(/\S{16,}/);
    expect(Number.isNaN(Date.parse(body.items[0].created_at))).toBe(false);
    expect(JSON.stringify(body)).not.toMatch(/PRIVATE KEY/);
    expect((await json(path, { token: outsiderToken })).status).toBe(404);
  });
});

describe("workflow rerun", () => {
  it("reruns a failed workflow from failed: a new workflow where the failed job runs again", async () => {
    const workflowId = await triggerWorkflow("flaky");
    const first = await jobsWhen(workflowId, (items) =>
      ENDED.includes(byName(items, "fails")?.status),
    );
    expect(byName(first, "fails").status).toBe("failed");
    expect(byName(first, "passes").status).toBe("success");

    const path = `/api/v2/workflow/${workflowId}/rerun`;
    const body = JSON.stringify({ from_failed: true });
    const outsider = await json(path, { method: "POST", token: outsiderToken, body });
    expect(outsider.status).toBe(404);
    const both = await json(path, {
      method: "POST",
      token: adminToken,
      body: JSON.stringify({ from_failed: true, jobs: [byName(first, "fails").id] }),
    });
    expect(both.status).toBe(400);
    const badBody = await json(path, {
      method: "POST",
      token: adminToken,
      body: JSON.stringify({ from_failed: "yes" }),
    });
    expect(badBody.status).toBe(400);
    expect(badBody.body.message).toMatch(/from_failed/);

    const rerun = await json(path, { method: "POST", token: adminToken, body });
    expect(rerun.status).toBe(202);
    const newId: string = rerun.body.workflow_id;
    expect(newId).toEqual(expect.any(String));
    expect(newId).not.toBe(workflowId);
    const second = await jobsWhen(newId, (items) => ENDED.includes(byName(items, "fails")?.status));
    const again = byName(second, "fails");
    expect(again.status).toBe("failed");
    expect(again.job_number).toBeGreaterThan(byName(first, "fails").job_number);
    expect(again.id).not.toBe(byName(first, "fails").id);
    expect(byName(second, "passes").status).toBe("success");
    const run = await db.job.findUniqueOrThrow({ where: { id: again.id } });
    expect(run.startedAt).not.toBeNull();
  });
});

describe("approval", () => {
  it("holds the dependent job until the approval job is approved", async () => {
    const workflowId = await triggerWorkflow("gated");
    const held = await jobsWhen(workflowId, (items) => byName(items, "hold")?.status === "on_hold");
    const hold = byName(held, "hold");
    expect(hold.approval_request_id).toBe(hold.id);
    expect(byName(held, "after-approval").status).toBe("blocked");

    const approve = `/api/v2/workflow/${workflowId}/approve`;
    expect(
      (await json(`${approve}/${hold.id}`, { method: "POST", token: outsiderToken })).status,
    ).toBe(404);
    const notApproval = await json(`${approve}/${byName(held, "after-approval").id}`, {
      method: "POST",
      token: adminToken,
    });
    expect(notApproval).toEqual({ status: 404, body: { message: "Approval request not found" } });

    const approved = await json(`${approve}/${hold.id}`, { method: "POST", token: adminToken });
    expect(approved.status).toBe(202);
    const after = await jobsWhen(workflowId, (items) =>
      ENDED.includes(byName(items, "after-approval")?.status),
    );
    expect(byName(after, "after-approval").status).toBe("success");
    expect(byName(after, "hold").status).toBe("success");
    const twice = await json(`${approve}/${hold.id}`, { method: "POST", token: adminToken });
    expect(twice.status).toBe(409);
  });
});

describe("OpenAPI document", () => {
  it("is public, parses and lists every route", async () => {
    const response = await fetch(new URL("/api/v2/openapi.json", baseUrl));
    expect(response.status).toBe(200);
    const document = (await response.json()) as Answer;
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes.CircleToken).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "Circle-Token",
    });
    const slug = "/project/{provider}/{org}/{name}";
    for (const path of [
      "/project",
      slug,
      `${slug}/pipeline`,
      `${slug}/job/{number}/output`,
      `${slug}/envvar`,
      `${slug}/envvar/{env-var-name}`,
      `${slug}/checkout-key`,
      "/workflow/{id}/rerun",
      "/workflow/{id}/approve/{approval_request_id}",
    ]) {
      expect(document.paths[path], path).toBeDefined();
    }
    expect(document.paths[`${slug}/envvar`].post.requestBody.content["application/json"]).toEqual({
      schema: { $ref: "#/components/schemas/CreateEnvVar" },
    });
  });
});
