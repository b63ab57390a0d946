/**
 * The job page of a job with a 100 MB log, in Chromium, against a running Cairn (`npm start`
 * in another terminal). A finished job with 100 MB of output is written into that Cairn's
 * database and storage the way the worker writes it, then the page is opened signed in as
 * the local administrator and timed:
 *  - first output: navigation start → the first log line on screen;
 *  - interactive: the first output, then a click on "Follow output" answered (unticked);
 *  - whole backlog: every line received (the page keeps answering meanwhile);
 *  - the longest task that blocked the page's main thread while the backlog streamed in.
 * Goal: interactive in under 2 s.
 * Run: npx tsx bench/job-page-browser.ts   (CAIRN_URL, DATABASE_URL, CAIRN_DATA_DIR and
 * CHROMIUM_PATH as for that Cairn; defaults: http://localhost:3000, the local database,
 * .cairn/data). The job's project is deleted at the end.
 */
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { createSession, ensureLocalAdministrator, sessionCookieName } from "@cairn/auth";
import { createDb } from "@cairn/db";
import { deleteLogSegments } from "@cairn/logs";
import { createBlobStore } from "@cairn/storage";
import { chromium } from "playwright-core";
import { createLargeLogJob } from "./large-log-job.ts";

const GOAL_MS = 2000;
const baseUrl = process.env.CAIRN_URL ?? "http://localhost:3000";
const databaseUrl = process.env.DATABASE_URL ?? "postgresql://cairn:cairn@127.0.0.1:5432/cairn";
const dataDir = resolve(process.env.CAIRN_DATA_DIR ?? ".cairn/data");

const health = await fetch(`${baseUrl}/api/health`).catch(() => null);
if (!health?.ok) {
  console.error(`No Cairn answers at ${baseUrl}: start it with \`npm start\` (or set CAIRN_URL).`);
  process.exit(1);
}

const db = createDb(databaseUrl);
const store = createBlobStore({ kind: "filesystem", root: `${dataDir}/blobs` });
const name = `bench-${randomBytes(3).toString("hex")}`;
const writeStart = performance.now();
const job = await createLargeLogJob(db, {
  databaseUrl,
  store,
  logBytes: 100 * 1024 * 1024,
  name,
});
console.log(
  `wrote ${(job.bytes / 1024 / 1024).toFixed(0)} MB (${job.lines.toLocaleString("en")} lines) in ${(
    (performance.now() - writeStart) / 1000
  ).toFixed(1)} s`,
);
const admin = await ensureLocalAdministrator(db);
const { sessionToken } = await createSession(db, admin.id);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
});
try {
  for (let run = 1; run <= 3; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([
      { name: sessionCookieName(baseUrl), value: sessionToken, url: baseUrl },
    ]);
    const page = await context.newPage();
    // Long tasks (> 50 ms on the main thread), recorded from the first byte of the page.
    await page.addInitScript(() => {
      const longest = { ms: 0 };
      (globalThis as unknown as { __longestTask: typeof longest }).__longestTask = longest;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longest.ms = Math.max(longest.ms, entry.duration);
      }).observe({ type: "longtask", buffered: true });
    });
    const started = Date.now();
    await page.goto(`${baseUrl}/job/${job.jobId}`, { waitUntil: "commit" });
    await page.locator(".log-line").first().waitFor({ timeout: 60_000 });
    const firstOutput = Date.now() - started;
    const loaded = await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType(
        "navigation",
      ) as PerformanceNavigationTiming[];
      return navigation?.domContentLoadedEventEnd ?? 0;
    });
    // The reader stops following the tail: the page must answer while output streams in.
    const follow = page.getByLabel("Follow output");
    await follow.click({ timeout: 60_000 });
    await page.waitForFunction(
      () => !(document.querySelector(".log-toolbar input") as HTMLInputElement | null)?.checked,
    );
    const interactive = Date.now() - started;
    await page.waitForFunction(
      (lines) =>
        Number(document.querySelector("[data-line-count]")?.getAttribute("data-line-count")) >=
        lines,
      job.lines,
      { timeout: 300_000, polling: 200 },
    );
    const wholeBacklog = Date.now() - started;
    const longestTask = await page.evaluate(
      () => (globalThis as unknown as { __longestTask: { ms: number } }).__longestTask.ms,
    );
    const verdict = interactive < GOAL_MS ? "ok" : `OVER the ${GOAL_MS} ms goal`;
    console.log(
      `open #${run}: page loaded ${loaded.toFixed(0)} ms · first output ${firstOutput} ms · interactive ${interactive} ms (${verdict}) · whole backlog ${(
        wholeBacklog / 1000
      ).toFixed(1)} s · longest main-thread task ${longestTask.toFixed(0)} ms`,
    );
    await context.close();
  }
} finally {
  await browser.close();
  await deleteLogSegments(store, job.jobId);
  await db.project.delete({ where: { id: job.projectId } });
  await db.organization.delete({ where: { id: job.organizationId } });
  await db.$disconnect();
}
