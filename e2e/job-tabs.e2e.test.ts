// A job page's Tests and Artifacts tabs: a job stores an HTML report and JUnit results
// (one failing, one passing case); the Tests tab lists the failure first with its message,
// the Artifacts tab lists the report with its size and a link on the project's artifact
// origin (serving it is the artifacts suite's concern).
import { randomBytes } from "node:crypto";
import { projectHostLabel } from "@cairn/artifact-serving";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./browser.ts";
import { type BrowserSuite, startBrowserSuite } from "./fixtures.ts";
import { e2eStack } from "./stack.ts";

const { baseUrl } = e2eStack();

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

let suite: BrowserSuite;

beforeAll(async () => {
  suite = await startBrowserSuite({
    name: "job-tabs",
    suffix,
    files: {
      ".circleci/config.yml": CONFIG,
      "fixtures/report.html": REPORT_HTML,
      "fixtures/junit.xml": JUNIT_XML,
    },
    message: "results and a report",
  });
});

afterAll(async () => {
  await suite?.close();
});

describe("job page tabs", () => {
  it("lists the failing test first and the stored artifact with a signed link", async () => {
    const triggered = await suite.json(`/api/v2/project/${suite.projectSlug}/pipeline`, {
      method: "POST",
      body: JSON.stringify({ branch: "main" }),
    });
    expect(triggered.status).toBe(201);

    const page = await suite.context.newPage();
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
    const project = await suite.db.project.findFirstOrThrow({ where: { slug: suite.projectSlug } });
    const link = new URL(href ?? "");
    expect(link.hostname).toBe(`${projectHostLabel(project)}.artifacts.localhost`);
    expect(link.pathname).toMatch(/\/site\/report\.html$/);
    await screenshot(page, "job-tabs-artifacts");

    // Back to the output: the log is still there.
    await page.getByRole("tab", { name: "Output" }).click();
    await page.getByTestId("job-log").waitFor();
    await page.close();

    // The same results over CircleCI's REST API.
    const tests = await suite.json(`/api/v2/project/${suite.projectSlug}/1/tests`);
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
    expect((await suite.json(`/api/v2/project/${suite.projectSlug}/99/tests`)).status).toBe(404);
  });
});
