// A job page's Tests and Artifacts tabs: a job stores an HTML report and JUnit results
// (one failing, one passing case); the Tests tab lists the failure first with its message,
// the Artifacts tab lists the report with its size and a link on the project's artifact
// origin (serving it is the artifacts suite's concern).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectHostLabel } from "@cairn/artifact-serving";
import { createApiToken, createSession, ensureLocalAdministrator } from "@cairn/auth";
import { createDb, type Db } from "@cairn/db";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot } from "./browser.ts";

const baseUrl = process.env.CAIRN_E2E_URL;
const databaseUrl = process.env.CAIRN_E2E_DATABASE_URL;
if (!baseUrl || !databaseUrl) {
  throw new Error(
    "CAIRN_E2E_URL and CAIRN_E2E_DATABASE_URL are not set: run the browser suite through `npm test`, which starts Cairn for it.",
  );
}

const REPORT_HTML = "<!doctype html><title>Report</title><h1>All good, mostly</h1>\n";
const JUNIT_XML = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="math" tests="2" failures="1">
    <testcase classname="math.add" name="adds two numbers" time="0.012"/>
    <testcase classname="math.divide" name="divides by zero" time="0.034">
      <failure message="expected Infinity to equal 0">AssertionError: expected Infinity to equal 0</failure>
    </testcase>
  </testsuite>
</testsuites>
`;
// The files are written by the job itself, then stored by the two steps under test.
const CONFIG = `version: 2.1
jobs:
  report:
    docker:
      - image: cairn/base:bookworm
    steps:
      - checkout
      - run:
          name: Write results
          command: |
            mkdir -p /tmp/out /tmp/results/math
            cp fixtures/report.html /tmp/out/report.html
            cp fixtures/junit.xml /tmp/results/math/junit.xml
      - store_artifacts:
          path: /tmp/out
          destination: site
      - store_test_results:
          path: /tmp/results
workflows:
  main:
    jobs:
      - report
`;

const suffix = randomBytes(4).toString("hex");
const tokenName = `e2e job-tabs ${suffix}`;
let db: Db;
let scratch: string;
let adminToken: string;
let sessionToken: string;
let projectSlug: string | undefined;
let browser: Browser;
let context: BrowserContext;

async function json(path: string, init: RequestInit = {}) {
  const response = await fetch(new URL(path, baseUrl), {
    ...init,
    headers: { "Circle-Token": adminToken, "content-type": "application/json" },
  });
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked by the assertions
  return { status: response.status, body: (await response.json()) as any };
}

beforeAll(async () => {
  db = createDb(databaseUrl);
  scratch = mkdtempSync(join(tmpdir(), "cairn-job-tabs-e2e-"));
  const repo = join(scratch, "repo");
  mkdirSync(join(repo, ".circleci"), { recursive: true });
  mkdirSync(join(repo, "fixtures"));
  writeFileSync(join(repo, ".circleci/config.yml"), CONFIG);
  writeFileSync(join(repo, "fixtures/report.html"), REPORT_HTML);
  writeFileSync(join(repo, "fixtures/junit.xml"), JUNIT_XML);
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: repo,
      stdio: "ignore",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "e2e",
        GIT_AUTHOR_EMAIL: "e2e@example.test",
        GIT_COMMITTER_NAME: "e2e",
        GIT_COMMITTER_EMAIL: "e2e@example.test",
      },
    });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-qm", "results and a report");

  const admin = await ensureLocalAdministrator(db);
  adminToken = (await createApiToken(db, admin.id, tokenName)).token;
  sessionToken = (await createSession(db, admin.id)).sessionToken;
  const created = await json("/api/v2/project", {
    method: "POST",
    body: JSON.stringify({ provider: "git", url: repo, name: `job-tabs-${suffix}` }),
  });
  expect(created.status).toBe(201);
  projectSlug = created.body.slug;

  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await context.addCookies([{ name: "authjs.session-token", value: sessionToken, url: baseUrl }]);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  if (db) {
    // Cascades to the pipelines, jobs, artifacts and test cases.
    if (projectSlug) await db.project.deleteMany({ where: { slug: projectSlug } });
    await db.apiToken.deleteMany({ where: { name: tokenName } });
    if (sessionToken) await db.session.deleteMany({ where: { sessionToken } });
    await db.$disconnect();
  }
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("job page tabs", () => {
  it("lists the failing test first and the stored artifact with a signed link", async () => {
    const triggered = await json(`/api/v2/project/${projectSlug}/pipeline`, {
      method: "POST",
      body: JSON.stringify({ branch: "main" }),
    });
    expect(triggered.status).toBe(201);

    const page = await context.newPage();
    await page.goto(new URL(`/pipeline/${triggered.body.id}`, baseUrl).toString());
    const jobLink = page.locator("[data-job=report] a");
    await jobLink.waitFor({ timeout: 30_000 });
    await jobLink.click();
    await page.waitForURL(/\/job\/[^/]+$/);
    // A failing test does not fail the job: it ends in success once everything is stored.
    await page
      .locator("[data-testid=job-status] [data-status=success]")
      .waitFor({ timeout: 60_000 });

    await page.getByRole("tab", { name: "Tests" }).click();
    const cases = page.getByTestId("test-case");
    await cases.first().waitFor();
    expect(await cases.count()).toBe(2);
    expect(await cases.nth(0).getAttribute("data-result")).toBe("failure");
    expect(await cases.nth(0).textContent()).toContain("divides by zero");
    expect(await cases.nth(0).getByTestId("test-message").textContent()).toContain(
      "expected Infinity to equal 0",
    );
    expect(await cases.nth(1).getAttribute("data-result")).toBe("success");
    expect(await cases.nth(1).textContent()).toContain("adds two numbers");
    expect(await page.getByTestId("test-counts").textContent()).toContain("1 failed");
    await screenshot(page, "job-tabs-tests");

    await page.getByRole("tab", { name: "Artifacts" }).click();
    const artifact = page.locator("[data-testid=artifact][data-path='site/report.html']");
    await artifact.waitFor();
    expect(await page.getByTestId("artifact").count()).toBe(1);
    const size = artifact.getByTestId("artifact-size");
    expect(await size.getAttribute("data-bytes")).toBe(String(Buffer.byteLength(REPORT_HTML)));
    expect(await size.textContent()).toBe(`${Buffer.byteLength(REPORT_HTML)} B`);
    const href = await artifact
      .getByRole("link", { name: "site/report.html" })
      .getAttribute("href");
    const project = await db.project.findFirstOrThrow({ where: { slug: projectSlug } });
    const link = new URL(href ?? "");
    expect(link.hostname).toBe(`${projectHostLabel(project)}.artifacts.localhost`);
    expect(link.pathname).toMatch(/\/site\/report\.html$/);
    await screenshot(page, "job-tabs-artifacts");

    // Back to the output: the log is still there.
    await page.getByRole("tab", { name: "Output" }).click();
    await page.getByTestId("job-log").waitFor();
    await page.close();

    // The same results over CircleCI's REST API.
    const tests = await json(`/api/v2/project/${projectSlug}/1/tests`);
    expect(tests.status).toBe(200);
    expect(tests.body).toEqual({
      items: [
        {
          classname: "math.add",
          name: "adds two numbers",
          file: "",
          result: "success",
          run_time: 0.012,
          message: "",
        },
        {
          classname: "math.divide",
          name: "divides by zero",
          file: "",
          result: "failure",
          run_time: 0.034,
          message: expect.stringContaining("expected Infinity to equal 0"),
        },
      ],
      next_page_token: null,
    });
    expect((await json(`/api/v2/project/${projectSlug}/99/tests`)).status).toBe(404);
  });
});
