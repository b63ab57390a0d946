// A job's output in the browser while it runs: lines arrive live, a reload mid-stream
// shows the backlog once and keeps following, the final status shows, and the dashboard
// lists the pipeline. Search finds lines and the timestamps toggle shows when they came.
import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./browser.ts";
import { type BrowserSuite, startBrowserSuite } from "./fixtures.ts";
import { e2eStack, pollUntil } from "./stack.ts";

const { baseUrl } = e2eStack();

const TICKS = 20;
// One coloured line every 300 ms for about 6 s.
const CONFIG = `version: 2.1
jobs:
  ticker:
    docker:
      - image: cairn/base:bookworm
    steps:
      - run:
          name: Tick
          command: for i in $(seq 1 ${TICKS}); do printf '\\033[32mtick %d\\033[0m\\n' "$i"; sleep 0.3; done
workflows:
  main:
    jobs:
      - ticker
`;

const suffix = randomBytes(4).toString("hex");

const lineCount = async (page: Page) =>
  Number(await page.getByTestId("job-log").getAttribute("data-line-count"));
const jobStatus = (page: Page) =>
  page.locator("[data-testid=job-status] [data-status]").getAttribute("data-status");
const tickLines = async (page: Page) =>
  (await page.locator(".log-line .log-text").allTextContents()).filter((text) =>
    text.startsWith("tick "),
  );

let suite: BrowserSuite;

beforeAll(async () => {
  suite = await startBrowserSuite({
    name: "live-log",
    suffix,
    files: { ".circleci/config.yml": CONFIG },
    message: "tick tock",
  });
});

afterAll(async () => {
  await suite?.close();
});

describe("live job output", () => {
  it("streams lines while the step runs, survives a reload, and ends in success", async () => {
    // Triggered from the project page's form, followed from the pipeline page to the job.
    const page = await suite.context.newPage();
    await page.goto(new URL(`/project/${suite.projectSlug}`, baseUrl).toString());
    await page.getByRole("button", { name: "Trigger pipeline" }).click();
    await page.waitForURL(/\/pipeline\/[^/]+$/);
    const pipelineId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
    const jobLink = page.locator("[data-job=ticker] a");
    await jobLink.waitFor();
    await screenshot(page, "live-log-pipeline");
    await jobLink.click();
    await page.waitForURL(/\/job\/[^/]+$/);
    const jobId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
    await page.getByTestId("job-log").waitFor();

    // Lines arrive while the job still runs, and keep arriving.
    await pollUntil(
      "the first lines",
      () => lineCount(page),
      (count) => count >= 2,
    );
    const early = await lineCount(page);
    expect(await jobStatus(page)).toBe("running");
    await pollUntil(
      "more lines",
      () => lineCount(page),
      (count) => count >= early + 2,
    );
    expect(await jobStatus(page)).toBe("running");
    await screenshot(page, "live-log-streaming");
    // The colour codes are drawn, not printed.
    const firstTick = page.locator(".log-line .log-text", { hasText: "tick 1" }).first();
    expect(await firstTick.textContent()).toBe("tick 1");
    expect(await firstTick.locator("span").first().getAttribute("style")).toContain("color");

    // A reload mid-stream: the backlog comes back once and the tail continues.
    const beforeReload = await lineCount(page);
    expect((await tickLines(page)).length).toBeLessThan(TICKS);
    await page.reload();
    await page.getByTestId("job-log").waitFor();
    await pollUntil(
      "the backlog",
      () => lineCount(page),
      (count) => count >= beforeReload,
    );
    const backlog = await tickLines(page);
    expect(new Set(backlog).size).toBe(backlog.length);
    expect(backlog).toEqual(backlog.map((_, index) => `tick ${index + 1}`));

    await pollUntil(
      "the final status",
      () => jobStatus(page),
      (status) => status === "success",
    );
    await pollUntil(
      "every line",
      () => tickLines(page),
      (lines) => lines.length >= TICKS,
    );
    expect(await tickLines(page)).toEqual(
      Array.from({ length: TICKS }, (_, index) => `tick ${index + 1}`),
    );
    const tickStep = page.locator(".log-step", { hasText: "Tick" }).locator("[data-status]");
    await pollUntil(
      "the step's status",
      () => tickStep.getAttribute("data-status"),
      (status) => status === "success",
    );
    await screenshot(page, "live-log-finished");
    const thirdLine = await page.locator("#L3 .log-text").textContent();

    // A permalink opens the page at its line, highlighted.
    await page.goto(new URL(`/job/${jobId}#L3`, baseUrl).toString());
    await page.locator("#L3.log-line-target").waitFor();
    expect(await page.locator("#L3 .log-text").textContent()).toBe(thirdLine);

    // Search: a unique line is found (colour codes are not searched), brought into view,
    // highlighted; Enter wraps around; Escape clears.
    const searchBox = page.getByRole("searchbox", { name: "Search the log" });
    const searchStatus = page.getByTestId("log-search-status");
    await searchBox.fill("TICK 13");
    await pollUntil(
      "the search to find tick 13",
      () => searchStatus.textContent(),
      (text) => text === "1 of 1 matches",
    );
    const current = page.locator(".log-line-current");
    await current.waitFor();
    expect(await current.locator(".log-text").textContent()).toBe("tick 13");
    expect(await current.locator("mark").textContent()).toBe("tick 13");
    await searchBox.press("Enter");
    expect(await searchStatus.textContent()).toBe("1 of 1 matches");
    await searchBox.fill("tick 1");
    await pollUntil(
      "the search to find tick 1*",
      () => searchStatus.textContent(),
      (text) => text === "1 of 11 matches",
    );
    await searchBox.press("Shift+Enter"); // wraps to the last: tick 19
    expect(await searchStatus.textContent()).toBe("11 of 11 matches");
    expect(await page.locator(".log-line-current .log-text").textContent()).toBe("tick 19");
    await screenshot(page, "live-log-search");
    await searchBox.press("Escape");
    expect(await searchBox.inputValue()).toBe("");
    await pollUntil(
      "the search to clear",
      () => page.locator(".log-line mark").count(),
      (marks) => marks === 0,
    );

    // Timestamps: off by default, then each line's time of arrival.
    expect(await page.locator(".log-time").count()).toBe(0);
    await page.getByRole("checkbox", { name: "Timestamps" }).check();
    const time = page.locator(".log-line", { hasText: "tick 19" }).locator("time.log-time");
    expect(await time.textContent()).toMatch(/^\d\d:\d\d:\d\d$/);
    const stored = Date.parse((await time.getAttribute("title")) ?? "");
    expect(Math.abs(Date.now() - stored)).toBeLessThan(10 * 60_000);
    await screenshot(page, "live-log-timestamps");

    await page.goto(baseUrl);
    const listed = page.locator(`[data-pipeline-id="${pipelineId}"] [data-status]`).first();
    await pollUntil(
      "the dashboard to list the pipeline as a success",
      async () => ((await listed.count()) > 0 ? listed.getAttribute("data-status") : null),
      (status) => status === "success",
    );
    await screenshot(page, "live-log-dashboard");
    await page.close();
  });

  it("cancels a running job from its page, then reruns it", async () => {
    const page = await suite.context.newPage();
    await page.goto(new URL(`/project/${suite.projectSlug}`, baseUrl).toString());
    await page.getByRole("button", { name: "Trigger pipeline" }).click();
    await page.waitForURL(/\/pipeline\/[^/]+$/);
    const pipelineUrl = page.url();
    await page.locator("[data-job=ticker] a").click();
    await page.waitForURL(/\/job\/[^/]+$/);
    await pollUntil(
      "the job to print while running",
      async () => [await jobStatus(page), await lineCount(page)] as const,
      ([status, count]) => status === "running" && count >= 2,
    );

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Cancel job" }).click();
    await pollUntil(
      "the job to show canceled",
      () => jobStatus(page),
      (status) => status === "canceled",
    );
    // It stopped well before its 20 ticks.
    expect((await tickLines(page)).length).toBeLessThan(TICKS);
    await screenshot(page, "live-log-canceled");

    await page.getByRole("button", { name: "Rerun job", exact: true }).click();
    await page.waitForURL(pipelineUrl);
    await page.close();
  });

  it("shows Next's not-found page for an unknown job", async () => {
    const page = await suite.context.newPage();
    await page.goto(new URL("/job/00000000-0000-0000-0000-000000000000", baseUrl).toString());
    await page.getByTestId("not-found").waitFor();
    await page.close();
  });
});
