// The project settings page, the pipeline graph's buttons and real 404s, in the browser:
// an env var set in settings is listed masked (never its value) and regenerating the
// checkout key shows a new key; a pipeline's graph holds an approval with an Approve
// button, runs on after the click, fails, and "Rerun from failed" starts a new workflow
// that copies what passed; guessed or invisible ids answer HTTP 404.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./browser.ts";
import { type BrowserSuite, startBrowserSuite } from "./fixtures.ts";
import { e2eStack, pollUntil } from "./stack.ts";

const { baseUrl } = e2eStack();

// build passes, release waits for a click, then check fails (no such file).
const CONFIG = `version: 2.1
jobs:
  build:
    docker:
      - image: cairn/base:bookworm
    steps:
      - run: echo built
  check:
    docker:
      - image: cairn/base:bookworm
    steps:
      - run: test -f /nonexistent/marker
workflows:
  main:
    jobs:
      - build
      - release:
          type: approval
          requires: [build]
      - check:
          requires: [release]
`;

const BROKEN_CONFIG = `version: 2.1
jobs:
  build:
    docker:
      - image: cairn/base:bookworm
    steps:
      - run: echo built
    stepz: []
workflows:
  main:
    jobs:
      - build
`;

const suffix = randomBytes(4).toString("hex");
const SECRET_VALUE = `s3cr3t-${suffix}-tail`;

let suite: BrowserSuite;

beforeAll(async () => {
  suite = await startBrowserSuite({
    name: "settings",
    suffix,
    files: { ".circleci/config.yml": CONFIG },
    message: "build, approve, check",
    // A branch whose config does not compile: a typo'd key on line 8.
    prepare: (repository) => {
      repository.git("checkout", "-q", "-b", "broken");
      repository.write(".circleci/config.yml", BROKEN_CONFIG);
      repository.git("commit", "-qam", "a typo");
      repository.git("checkout", "-q", "main");
    },
  });
});

afterAll(async () => {
  await suite?.close();
});

describe("project settings", () => {
  it("lists a new env var masked and shows a new checkout key after regenerating", async () => {
    const page = await suite.context.newPage();
    page.on("dialog", (dialog) => void dialog.accept());
    const response = await page.goto(
      new URL(`/project/${suite.projectSlug}/settings`, baseUrl).toString(),
    );
    expect(response?.status()).toBe(200);
    await page.getByTestId("project-settings").waitFor();

    const envVars = page.getByTestId("env-vars");
    await envVars.getByText("No environment variables yet.").waitFor();
    await envVars.getByLabel("Name").fill("DEPLOY_TOKEN");
    await envVars.getByLabel("Value").fill(SECRET_VALUE);
    await envVars.getByRole("button", { name: "Add variable" }).click();
    const row = page.locator("[data-env-var=DEPLOY_TOKEN]");
    await row.waitFor();
    expect(await row.getByTestId("env-var-masked").textContent()).toBe("xxxxtail");
    expect(await page.content()).not.toContain(SECRET_VALUE);
    // The value field is emptied, so nothing of the secret stays on the page.
    expect(await envVars.getByLabel("Value").inputValue()).toBe("");
    const stored = await suite.json(`/api/v2/project/${suite.projectSlug}/envvar/DEPLOY_TOKEN`);
    expect(stored.body).toEqual({ name: "DEPLOY_TOKEN", value: "xxxxtail" });

    const fingerprint = page.getByTestId("checkout-key-fingerprint");
    const before = await fingerprint.textContent();
    expect(await page.getByTestId("checkout-key-public").textContent()).toMatch(/^ssh-ed25519 /);
    await page.getByRole("button", { name: "Regenerate key" }).click();
    await pollUntil(
      "a new checkout key on the page",
      () => fingerprint.textContent(),
      (text) => text !== before,
      { timeoutMs: 15_000 },
    );
    const project = await suite.db.project.findUniqueOrThrow({
      where: { slug: suite.projectSlug },
    });
    expect(await fingerprint.textContent()).toBe(project.deployKeyFingerprint);
    expect(await page.getByTestId("webhook-url").textContent()).toBe(
      new URL(`/api/hooks/git/${suite.projectSlug}`, baseUrl).toString(),
    );
    await screenshot(page, "settings-env-var-and-key");
    await page.close();
  });
});

describe("pipeline graph", () => {
  it("approves a held job from the graph and reruns the workflow from failed", async () => {
    const triggered = await suite.json(`/api/v2/project/${suite.projectSlug}/pipeline`, {
      method: "POST",
      body: JSON.stringify({ branch: "main" }),
    });
    expect(triggered.status).toBe(201);
    const page = await suite.context.newPage();
    await page.goto(new URL(`/pipeline/${triggered.body.id}`, baseUrl).toString());

    const first = page.locator("[data-workflow=main]").first();
    const release = first.locator("[data-job=release]");
    // build runs, then the approval waits with its button on the node.
    await first.locator("[data-job=release][data-job-status=on_hold]").waitFor({ timeout: 90_000 });
    expect(await first.locator("[data-job=build]").getAttribute("data-job-status")).toBe("success");
    expect(await first.locator('[data-edge="build->release"]').count()).toBe(1);
    expect(await first.locator('[data-edge="release->check"]').count()).toBe(1);
    await screenshot(page, "pipeline-graph-on-hold");
    await release.getByRole("button", { name: "Approve" }).click();

    // check runs and fails; the workflow then offers a rerun from failed.
    await first.locator("[data-job=check][data-job-status=failed]").waitFor({ timeout: 90_000 });
    const rerunFromFailed = first.getByRole("button", { name: "Rerun from failed" });
    await rerunFromFailed.waitFor({ timeout: 30_000 });
    await screenshot(page, "pipeline-graph-failed");
    await rerunFromFailed.click();

    // A second "main" appears: build and release copied as they were, check running again.
    const workflows = page.locator("[data-workflow=main]");
    await pollUntil(
      "the rerun workflow on the page",
      () => workflows.count(),
      (n) => n === 2,
      {
        timeoutMs: 30_000,
      },
    );
    const rerun = await suite.db.workflow.findFirstOrThrow({
      where: { pipelineId: triggered.body.id, rerunOfId: { not: null } },
      include: { jobs: true },
    });
    const byName = Object.fromEntries(rerun.jobs.map((job) => [job.name, job]));
    expect(byName.build?.copiedFromId).not.toBeNull();
    expect(byName.release?.status).toBe("success");
    expect(byName.check?.copiedFromId).toBeNull();
    const panel = page.locator(`[data-workflow-id="${rerun.id}"]`);
    expect(await panel.locator("[data-job=build]").getAttribute("data-job-status")).toBe("success");
    await panel.locator("[data-job=check][data-job-status=failed]").waitFor({ timeout: 90_000 });
    await screenshot(page, "pipeline-graph-rerun-from-failed");
    await page.close();
  });
});

describe("config errors", () => {
  it("shows each error of a config that does not compile with its line marked", async () => {
    const triggered = await suite.json(`/api/v2/project/${suite.projectSlug}/pipeline`, {
      method: "POST",
      body: JSON.stringify({ branch: "broken" }),
    });
    expect(triggered.status).toBe(201);
    const page = await suite.context.newPage();
    await page.goto(new URL(`/pipeline/${triggered.body.id}`, baseUrl).toString());
    const error = page.getByTestId("config-error").first();
    await error.waitFor({ timeout: 30_000 });
    expect(await error.getAttribute("data-line")).toBe("8");
    expect(await error.textContent()).toContain(".circleci/config.yml:8:");
    const marked = error.locator("[data-marked]");
    expect(await marked.count()).toBe(1);
    expect(await marked.textContent()).toContain("stepz: []");
    // A few lines around it, numbered.
    expect(await error.locator(".excerpt-line").count()).toBe(5);
    await screenshot(page, "pipeline-config-errors");
    await page.close();
  });
});

describe("not found", () => {
  it("answers HTTP 404 for a guessed job, pipeline and project", async () => {
    const page = await suite.context.newPage();
    for (const path of [
      `/job/${randomUUID()}`,
      `/pipeline/${randomUUID()}`,
      `/project/git/nobody-${suffix}/nothing`,
      `/project/git/nobody-${suffix}/nothing/settings`,
    ]) {
      const response = await page.goto(new URL(path, baseUrl).toString());
      expect(response?.status(), path).toBe(404);
      await page.getByTestId("not-found").waitFor();
    }
    await screenshot(page, "not-found-guessed-project");
    await page.close();
  });
});
