// A push to a plain git server starts a pipeline: the post-receive hook from
// packages/vcs signs the push and posts it to Cairn, whose worker runs the job for real.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApiToken, ensureLocalAdministrator } from "@cairn/auth";
import { createDb, type Db } from "@cairn/db";
import { postReceiveHookPath, SIGNATURE_HEADER, signWebhookBody } from "@cairn/vcs";
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
      - run:
          name: Show the version
          command: echo "pushed and built $(cat VERSION)"
workflows:
  main:
    jobs: [build]
`;

// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field by the assertions
type Answer = any;

const suffix = randomBytes(4).toString("hex");
const tokenName = `e2e git-push ${suffix}`;
let db: Db;
let scratch: string;
let bare: string;
let clone: string;
let token: string;
let project: { slug: string; webhook_url: string; webhook_secret: string };

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: "e2e",
  GIT_AUTHOR_EMAIL: "e2e@example.test",
  GIT_COMMITTER_NAME: "e2e",
  GIT_COMMITTER_EMAIL: "e2e@example.test",
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: gitEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });

/** `git push`, returning what the remote's hook printed (git relays it on stderr). */
function push(...args: string[]) {
  const result = spawnSync("git", ["push", "origin", ...args], {
    cwd: clone,
    encoding: "utf8",
    env: gitEnv,
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stderr;
}

async function api(path: string) {
  const response = await fetch(new URL(path, baseUrl), { headers: { "Circle-Token": token } });
  return { status: response.status, response };
}

const pipelineCount = () => db.pipeline.count({ where: { project: { slug: project.slug } } });

function postHook(body: string, signature: string) {
  return fetch(project.webhook_url, {
    method: "POST",
    headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signature },
    body,
  });
}

beforeAll(async () => {
  db = createDb(databaseUrl);
  const admin = await ensureLocalAdministrator(db);
  token = (await createApiToken(db, admin.id, tokenName)).token;

  scratch = mkdtempSync(join(tmpdir(), "cairn-push-e2e-"));
  bare = join(scratch, "server", "app.git");
  mkdirSync(bare, { recursive: true });
  git(bare, "init", "-q", "--bare", "-b", "main");

  const response = await fetch(new URL("/api/v2/project", baseUrl), {
    method: "POST",
    headers: { "Circle-Token": token, "content-type": "application/json" },
    body: JSON.stringify({ provider: "git", url: bare, name: `push-${suffix}` }),
  });
  expect(response.status).toBe(201);
  project = (await response.json()) as Answer;

  // What a git server's administrator does, as packages/vcs/README.md says.
  const hook = join(bare, "hooks", "post-receive");
  copyFileSync(postReceiveHookPath(), hook);
  chmodSync(hook, 0o755);
  git(bare, "config", "cairn.url", project.webhook_url);
  git(bare, "config", "cairn.secret", project.webhook_secret);

  clone = join(scratch, "clone");
  git(scratch, "clone", "-q", bare, clone);
  mkdirSync(join(clone, ".circleci"));
  writeFileSync(join(clone, ".circleci/config.yml"), CONFIG);
  writeFileSync(join(clone, "VERSION"), `v-${suffix}\n`);
  git(clone, "add", "-A");
  git(clone, "commit", "-qm", "add a CircleCI config");
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

describe("git push to a server with Cairn's post-receive hook", () => {
  it("starts a pipeline whose job checks out the pushed commit and succeeds", async () => {
    const pushOutput = push("main");
    const requested = /cairn: refs\/heads\/main: pipeline requested \((\{.*\})\)/.exec(pushOutput);
    expect(requested, pushOutput).not.toBeNull();
    const { pipeline_id: pipelineId, number } = JSON.parse(requested?.[1] ?? "{}");
    expect(number).toBe(1);

    const pipeline: Answer = await (await api(`/api/v2/pipeline/${pipelineId}`)).response.json();
    expect(pipeline).toMatchObject({
      errors: [],
      project_slug: project.slug,
      trigger: { type: "webhook" },
      vcs: { branch: "main", revision: git(clone, "rev-parse", "HEAD").trim() },
    });

    const workflows = await pollUntil(
      "a workflow",
      async () =>
        (await api(`/api/v2/pipeline/${pipelineId}/workflow`)).response.json() as Promise<Answer>,
      (body) => body.items?.length > 0,
    );
    const jobs = await pollUntil(
      "the job to finish",
      async () =>
        (
          await api(`/api/v2/workflow/${workflows.items[0].id}/job`)
        ).response.json() as Promise<Answer>,
      (body) => ["success", "failed", "infrastructure_fail"].includes(body.items[0]?.status),
    );
    expect(jobs.items[0]).toMatchObject({ name: "build", status: "success" });

    const output = await api(
      `/api/v2/project/${project.slug}/job/${jobs.items[0].job_number}/output`,
    );
    expect(output.status).toBe(200);
    await expect(output.response.text()).resolves.toContain(`pushed and built v-${suffix}`);
  });

  it("reports a deleted branch as ignored", async () => {
    // Made on the server itself, so that no hook runs and no pipeline starts for it.
    git(bare, "branch", "doomed", "main");
    git(clone, "fetch", "-q", "origin");
    const before = await pipelineCount();
    const pushOutput = push("--delete", "doomed");
    expect(pushOutput).toMatch(/refs\/heads\/doomed: pipeline requested \(\{"status":"ignored"/);
    expect(await pipelineCount()).toBe(before);
  });

  it("does nothing for a replayed delivery", async () => {
    const sha = git(clone, "rev-parse", "HEAD").trim();
    // A tag: the config has no tag filter, so the pipeline it makes runs no job.
    const body = JSON.stringify({
      ref: `refs/tags/replay-${suffix}`,
      before: "0".repeat(40),
      after: sha,
      delivery: `replay-${suffix}`,
    });
    const signature = signWebhookBody(project.webhook_secret, body);
    const before = await pipelineCount();

    const first = await postHook(body, signature);
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ pipeline_id: expect.any(String) });
    const replay = await postHook(body, signature);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ status: "duplicate" });
    expect(await pipelineCount()).toBe(before + 1);
  });

  it("refuses a bad signature with 401 and starts nothing", async () => {
    const body = JSON.stringify({ ref: "refs/heads/main", after: "a".repeat(40) });
    const before = await pipelineCount();
    for (const signature of [
      signWebhookBody("not-the-secret", body),
      signWebhookBody(project.webhook_secret, `${body} `),
      "sha256=nothex",
    ]) {
      const response = await postHook(body, signature);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: expect.any(String) });
    }
    expect(await pipelineCount()).toBe(before);
  });

  it("answers 404 for an unknown project, 400 for a bad push and 413 for a huge body", async () => {
    const unknown = await fetch(new URL("/api/hooks/git/git/nobody/nothing", baseUrl), {
      method: "POST",
      body: "{}",
    });
    expect(unknown.status).toBe(404);

    const badBody = '{"ref":"refs/heads/main","after":"not-a-sha"}';
    const bad = await postHook(badBody, signWebhookBody(project.webhook_secret, badBody));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Answer).message).toMatch(/after|sha/i);

    const huge = "x".repeat(1024 * 1024 + 1);
    const tooLarge = await postHook(huge, signWebhookBody(project.webhook_secret, huge));
    expect(tooLarge.status).toBe(413);
  });
});
