// The REST API as a script drives it: tokens, projects from a local git repository,
// pipelines run for real by the stack's worker, job output, cancel, and refusals.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensurePersonalOrganization } from "@cairn/api";
import { createApiToken, createSession, ensureLocalAdministrator } from "@cairn/auth";
import { createDb, type Db } from "@cairn/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelUnfinishedWork, e2eStack, pollUntil } from "./stack.ts";

const { baseUrl, databaseUrl } = e2eStack();

const CONFIG = `version: 2.1
jobs:
  build:
    docker:
      - image: cairn/base:bookworm
    steps:
      - checkout
      - run: cat README.md
      - run:
          name: Arithmetic
          command: echo "api says $((6 * 7))"
  slow:
    docker:
      - image: cairn/base:bookworm
    steps:
      - run: echo started && sleep 300
workflows:
  main:
    jobs:
      - build:
          filters: { branches: { only: main } }
      - slow:
          filters: { branches: { only: slow } }
`;

// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field by the assertions
type Answer = any;

const suffix = randomBytes(4).toString("hex");
const projectName = `api-${suffix}`;
let db: Db;
let scratch: string;
let repo: string;
let adminToken: string;
let strangerToken: string;
let memberToken: string;
let memberSessionCookie: string;
let projectSlug: string;
const userIds: string[] = [];
const projectSlugs: string[] = [];

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

async function api(path: string, init: RequestInit & { token?: string } = {}) {
  const { token, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== undefined) headers.set("Circle-Token", token);
  if (rest.body !== undefined && !headers.has("content-type")) {
    headers.set("content-type", "application/json");
  }
  return fetch(new URL(path, baseUrl), { ...rest, headers });
}

async function json(path: string, init: RequestInit & { token?: string } = {}) {
  const response = await api(path, init);
  return { status: response.status, body: (await response.json()) as Answer };
}

async function makeUser(label: string) {
  const user = await db.user.create({
    data: { email: `${label}-${suffix}@e2e.test`, login: `${label}-${suffix}`, name: label },
  });
  userIds.push(user.id);
  return user;
}

/** The jobs of a pipeline's first workflow, once it has one. */
async function pipelineJobs(pipelineId: string, token = adminToken) {
  const workflows = await pollUntil(
    "a workflow",
    () => json(`/api/v2/pipeline/${pipelineId}/workflow`, { token }),
    (result) => result.body.items?.length > 0,
  );
  const workflowId: string = workflows.body.items[0].id;
  return { workflowId, jobs: await json(`/api/v2/workflow/${workflowId}/job`, { token }) };
}

beforeAll(async () => {
  db = createDb(databaseUrl);
  scratch = mkdtempSync(join(tmpdir(), "cairn-api-e2e-"));
  repo = join(scratch, "repo");
  mkdirSync(join(repo, ".circleci"), { recursive: true });
  git(repo, "init", "-q", "-b", "main");
  writeFileSync(join(repo, "README.md"), "hello from the repository\n");
  writeFileSync(join(repo, ".circleci/config.yml"), CONFIG);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "first commit");
  git(repo, "branch", "slow");
  git(repo, "checkout", "-q", "-b", "no-config");
  git(repo, "rm", "-q", ".circleci/config.yml");
  git(repo, "commit", "-qm", "no config here");

  const admin = await ensureLocalAdministrator(db);
  adminToken = (await createApiToken(db, admin.id, `e2e api ${suffix}`)).token;
  const stranger = await makeUser("stranger");
  await ensurePersonalOrganization(db, stranger);
  strangerToken = (await createApiToken(db, stranger.id, "e2e")).token;
  const member = await makeUser("member");
  memberToken = (await createApiToken(db, member.id, "e2e")).token;
  const session = await createSession(db, member.id);
  memberSessionCookie = `authjs.session-token=${session.sessionToken}`;
});

afterAll(async () => {
  if (db) {
    await cancelUnfinishedWork(db, baseUrl, projectSlugs, adminToken);
    // Projects cascade to their pipelines, jobs, logs; users to their tokens and memberships.
    await db.project.deleteMany({ where: { slug: { in: projectSlugs } } });
    await db.organization.deleteMany({
      where: { memberships: { some: { userId: { in: userIds }, role: "owner" } } },
    });
    await db.user.deleteMany({ where: { id: { in: userIds } } });
    await db.apiToken.deleteMany({ where: { name: `e2e api ${suffix}` } });
    await db.$disconnect();
  }
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("REST API authentication", () => {
  it("answers 401 with a JSON message without a token or with a bad one", async () => {
    for (const token of [undefined, "cairn_not-a-real-token", "nonsense"]) {
      const { status, body } = await json("/api/v2/project/git/admin/anything", { token });
      expect(status).toBe(401);
      expect(typeof body.message).toBe("string");
      expect(body.message.length).toBeGreaterThan(5);
    }
  });
});

describe("projects", () => {
  it("lets only an administrator add a repository by local path", async () => {
    const body = JSON.stringify({ provider: "git", url: repo, name: projectName });
    const refused = await json("/api/v2/project", { method: "POST", token: strangerToken, body });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/administrator/);

    const created = await json("/api/v2/project", { method: "POST", token: adminToken, body });
    expect(created.status).toBe(201);
    projectSlug = created.body.slug;
    projectSlugs.push(projectSlug);
    expect(projectSlug).toBe(`git/admin/${projectName}`);
    expect(created.body.webhook_url).toBe(
      new URL(`/api/hooks/git/${projectSlug}`, baseUrl).toString(),
    );
    expect(created.body.webhook_secret).toMatch(/^[0-9a-f]{64}$/);
    expect(created.body.deploy_key_public).toMatch(/^ssh-ed25519 AAAA/);

    const again = await json("/api/v2/project", { method: "POST", token: adminToken, body });
    expect(again.status).toBe(409);
  });

  it("refuses a malformed project with 400 and says why", async () => {
    const badName = await json("/api/v2/project", {
      method: "POST",
      token: adminToken,
      body: JSON.stringify({ provider: "git", url: repo, name: "no spaces allowed" }),
    });
    expect(badName.status).toBe(400);
    expect(badName.body.message).toMatch(/name/);
    const badUrl = await json("/api/v2/project", {
      method: "POST",
      token: adminToken,
      body: JSON.stringify({ provider: "git", url: "ext::sh -c touch% /tmp/pwned", name: "x" }),
    });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.message).toMatch(/Remote helper/);
  });

  it("shows a project to its organization's members and administrators only", async () => {
    const asAdmin = await json(`/api/v2/project/${projectSlug}`, { token: adminToken });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body).toMatchObject({
      slug: projectSlug,
      name: projectName,
      organization_name: "Local administrator",
      vcs_info: { vcs_url: repo, provider: "Git", default_branch: "main" },
    });

    const asStranger = await json(`/api/v2/project/${projectSlug}`, { token: strangerToken });
    expect(asStranger).toEqual({ status: 404, body: { message: "Project not found" } });
    const asMemberBefore = await api(`/api/v2/project/${projectSlug}`, { token: memberToken });
    expect(asMemberBefore.status).toBe(404);

    const member = await db.user.findUniqueOrThrow({
      where: { email: `member-${suffix}@e2e.test` },
    });
    await db.membership.create({
      data: { userId: member.id, organizationId: asAdmin.body.organization_id, role: "member" },
    });
    const asMember = await json(`/api/v2/project/${projectSlug}`, { token: memberToken });
    expect(asMember.status).toBe(200);
    expect(asMember.body.id).toBe(asAdmin.body.id);

    // An administrator sees other people's projects too (here one on an https server).
    const theirs = await json("/api/v2/project", {
      method: "POST",
      token: strangerToken,
      body: JSON.stringify({
        provider: "git",
        url: "https://git.example.test/app.git",
        name: "app",
      }),
    });
    expect(theirs.status).toBe(201);
    projectSlugs.push(theirs.body.slug);
    expect((await api(`/api/v2/project/${theirs.body.slug}`, { token: adminToken })).status).toBe(
      200,
    );
    expect((await api(`/api/v2/project/${theirs.body.slug}`, { token: memberToken })).status).toBe(
      404,
    );
  });

  it("accepts the session cookie for reads, and for changes only from Cairn's own origin", async () => {
    const read = await api(`/api/v2/project/${projectSlug}`, {
      headers: { cookie: memberSessionCookie },
    });
    expect(read.status).toBe(200);
    const crossSite = await json(`/api/v2/project/${projectSlug}/pipeline`, {
      method: "POST",
      headers: { cookie: memberSessionCookie, origin: "http://evil.example.test" },
      body: JSON.stringify({ branch: "no-config" }),
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.message).toMatch(/Cross-site/);
  });
});

describe("pipelines and jobs", () => {
  it("runs a triggered pipeline in Docker and serves the job's output", async () => {
    const triggered = await json(`/api/v2/project/${projectSlug}/pipeline`, {
      method: "POST",
      token: memberToken,
      body: JSON.stringify({ branch: "main" }),
    });
    expect(triggered.status).toBe(201);
    expect(Object.keys(triggered.body).sort()).toEqual(["created_at", "id", "number", "state"]);
    expect(triggered.body.state).toBe("created");
    const pipelineId: string = triggered.body.id;

    const pipeline = await json(`/api/v2/pipeline/${pipelineId}`, { token: adminToken });
    expect(pipeline.body).toMatchObject({
      id: pipelineId,
      project_slug: projectSlug,
      number: triggered.body.number,
      trigger: { type: "api", actor: { login: `member-${suffix}` } },
      vcs: { branch: "main", revision: expect.stringMatching(/^[0-9a-f]{40}$/) },
    });

    const { workflowId } = await pipelineJobs(pipelineId);
    const finished = await pollUntil(
      "the build job to finish",
      () => json(`/api/v2/workflow/${workflowId}/job`, { token: adminToken }),
      (result) =>
        ["success", "failed", "infrastructure_fail"].includes(result.body.items[0]?.status),
    );
    const [job] = finished.body.items;
    expect(job).toMatchObject({
      name: "build",
      type: "build",
      status: "success",
      dependencies: [],
    });
    expect(job.started_at).not.toBeNull();
    expect(job.stopped_at).not.toBeNull();

    const detail = await json(`/api/v2/project/${projectSlug}/job/${job.job_number}`, {
      token: adminToken,
    });
    expect(detail.body).toMatchObject({ name: "build", number: job.job_number, status: "success" });
    const arithmetic = detail.body.steps.find(
      (step: { name: string }) => step.name === "Arithmetic",
    );
    expect(arithmetic).toMatchObject({ status: "success", exit_code: 0 });

    const output = await api(`/api/v2/project/${projectSlug}/job/${job.job_number}/output`, {
      token: adminToken,
    });
    expect(output.status).toBe(200);
    expect(output.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await output.text();
    expect(text).toContain("hello from the repository");
    expect(text).toContain("api says 42");

    const oneStep = await api(
      `/api/v2/project/${projectSlug}/job/${job.job_number}/output?step=${arithmetic.index}`,
      { token: adminToken },
    );
    const stepText = await oneStep.text();
    expect(stepText).toContain("api says 42");
    expect(stepText).not.toContain("hello from the repository");

    // Nobody outside the organization learns anything about it.
    for (const path of [
      `/api/v2/pipeline/${pipelineId}`,
      `/api/v2/pipeline/${pipelineId}/workflow`,
      `/api/v2/workflow/${workflowId}/job`,
      `/api/v2/project/${projectSlug}/job/${job.job_number}`,
      `/api/v2/project/${projectSlug}/job/${job.job_number}/output`,
      `/api/v2/project/${projectSlug}/pipeline`,
    ]) {
      expect((await api(path, { token: strangerToken })).status, path).toBe(404);
    }
    for (const path of [
      `/api/v2/project/${projectSlug}/job/${job.job_number}/cancel`,
      `/api/v2/workflow/${workflowId}/cancel`,
    ]) {
      expect((await api(path, { method: "POST", token: strangerToken })).status, path).toBe(404);
    }
  });

  it("cancels a running job", async () => {
    const triggered = await json(`/api/v2/project/${projectSlug}/pipeline`, {
      method: "POST",
      token: adminToken,
      body: JSON.stringify({ branch: "slow" }),
    });
    expect(triggered.status).toBe(201);
    const { workflowId } = await pipelineJobs(triggered.body.id);
    const running = await pollUntil(
      "the slow job to start",
      () => json(`/api/v2/workflow/${workflowId}/job`, { token: adminToken }),
      (result) => result.body.items[0]?.status === "running",
    );
    const number = running.body.items[0].job_number;
    await pollUntil(
      "the slow job's first output",
      async () =>
        (
          await api(`/api/v2/project/${projectSlug}/job/${number}/output`, { token: adminToken })
        ).text(),
      (text) => text.includes("started"),
    );

    const cancel = await json(`/api/v2/project/${projectSlug}/job/${number}/cancel`, {
      method: "POST",
      token: adminToken,
    });
    expect(cancel.status).toBe(202);
    expect(cancel.body.message).toBe("Accepted.");
    const canceled = await json(`/api/v2/project/${projectSlug}/job/${number}`, {
      token: adminToken,
    });
    expect(canceled.body.status).toBe("canceled");
    const workflow = await json(`/api/v2/workflow/${workflowId}`, { token: adminToken });
    expect(workflow.body.status).toBe("canceled");
  });

  it("records a branch without a config as an errored pipeline, and pages the list", async () => {
    const numbers: number[] = [];
    for (let i = 0; i < 21; i++) {
      const triggered = await json(`/api/v2/project/${projectSlug}/pipeline`, {
        method: "POST",
        token: adminToken,
        body: JSON.stringify({ branch: "no-config" }),
      });
      expect(triggered.status).toBe(201);
      numbers.push(triggered.body.number);
    }
    const first = await json(`/api/v2/project/${projectSlug}/pipeline?branch=no-config`, {
      token: adminToken,
    });
    expect(first.body.items).toHaveLength(20);
    expect(first.body.items[0].number).toBe(numbers.at(-1));
    expect(first.body.items[0].state).toBe("errored");
    expect(first.body.items[0].errors[0].message).toMatch(/no \.circleci\/config\.yml/);
    expect(first.body.next_page_token).toEqual(expect.any(String));

    const second = await json(
      `/api/v2/project/${projectSlug}/pipeline?branch=no-config&page-token=${first.body.next_page_token}`,
      { token: adminToken },
    );
    expect(second.body.items.map((p: { number: number }) => p.number)).toEqual([numbers[0]]);
    expect(second.body.next_page_token).toBeNull();
  });
});

describe("refusals", () => {
  it("answers bad JSON with 400, an unknown field with 400 and an oversized body with 413", async () => {
    const path = `/api/v2/project/${projectSlug}/pipeline`;
    const badJson = await json(path, { method: "POST", token: adminToken, body: "{branch:" });
    expect(badJson).toEqual({
      status: 400,
      body: { message: "The request body is not valid JSON." },
    });
    const unknown = await json(path, {
      method: "POST",
      token: adminToken,
      body: JSON.stringify({ branch: "main", tag: "v1" }),
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/not both/);
    const huge = JSON.stringify({ branch: "main", parameters: { x: "a".repeat(400_000) } });
    const oversized = await json(path, { method: "POST", token: adminToken, body: huge });
    expect(oversized.status).toBe(413);
    expect(oversized.body.message).toMatch(/larger than/);
  });

  it("answers unknown routes, ids and numbers in JSON without internals", async () => {
    const unknownRoute = await json("/api/v2/no/such/route", { token: adminToken });
    expect(unknownRoute.status).toBe(404);
    const unknownPipeline = await json("/api/v2/pipeline/00000000-0000-0000-0000-000000000000", {
      token: adminToken,
    });
    expect(unknownPipeline).toEqual({ status: 404, body: { message: "Pipeline not found" } });
    const badNumber = await json(`/api/v2/project/${projectSlug}/job/-1`, { token: adminToken });
    expect(badNumber.status).toBe(400);
    const badToken = await json(`/api/v2/project/${projectSlug}/pipeline?page-token=%27;drop`, {
      token: adminToken,
    });
    expect(badToken.status).toBe(400);
    expect(JSON.stringify(badToken.body)).not.toMatch(/at .*\.ts/);
  });
});
