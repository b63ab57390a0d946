// Rerun with SSH in the browser: a finished job is rerun with SSH from its page; once its
// window is open the page shows the ssh command, and "Open terminal" gives a shell in the
// job's container (xterm.js over socket.io, through the worker's SSH gateway) that runs a
// command and shows its output. Leaving the shell ends the window and the job.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApiToken, createSession, ensureLocalAdministrator } from "@cairn/auth";
import { createDb, type Db } from "@cairn/db";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot } from "./browser.ts";
import { cancelUnfinishedWork, e2eStack, pollUntil } from "./stack.ts";

const { baseUrl, databaseUrl } = e2eStack();

const CONFIG = `version: 2.1
jobs:
  build:
    docker: [{ image: cairn/base:bookworm }]
    steps:
      - run: echo made-by-the-job > /tmp/made.txt
workflows:
  main:
    jobs: [build]
`;

const suffix = randomBytes(4).toString("hex");
const tokenName = `e2e ssh-terminal ${suffix}`;
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
  scratch = mkdtempSync(join(tmpdir(), "cairn-ssh-e2e-"));
  const repo = join(scratch, "repo");
  mkdirSync(join(repo, ".circleci"), { recursive: true });
  writeFileSync(join(repo, ".circleci/config.yml"), CONFIG);
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=e2e", "-c", "user.email=e2e@example.test", ...args], {
      cwd: repo,
      stdio: "ignore",
    });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-qm", "a job to look into");

  const admin = await ensureLocalAdministrator(db);
  adminToken = (await createApiToken(db, admin.id, tokenName)).token;
  sessionToken = (await createSession(db, admin.id)).sessionToken;
  const created = await json("/api/v2/project", {
    method: "POST",
    body: JSON.stringify({ provider: "git", url: repo, name: `ssh-${suffix}` }),
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
    if (projectSlug) {
      await cancelUnfinishedWork(db, baseUrl, [projectSlug], adminToken);
      await db.project.deleteMany({ where: { slug: projectSlug } });
    }
    await db.apiToken.deleteMany({ where: { name: tokenName } });
    if (sessionToken) await db.session.deleteMany({ where: { sessionToken } });
    await db.$disconnect();
  }
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("rerun with SSH in the browser", () => {
  it("opens a terminal in the job's container that runs a command", async () => {
    const triggered = await json(`/api/v2/project/${projectSlug}/pipeline`, {
      method: "POST",
      body: JSON.stringify({ branch: "main" }),
    });
    expect(triggered.status).toBe(201);
    const first = await pollUntil(
      "the first run",
      () => db.job.findFirst({ where: { workflow: { pipelineId: triggered.body.id } } }),
      (job) => job?.status === "success",
    );

    const page = await context.newPage();
    await page.goto(new URL(`/job/${first!.id}`, baseUrl).toString());
    await page.getByRole("button", { name: "Rerun job with SSH" }).click();
    await page.waitForURL(
      (url) => url.pathname.startsWith("/job/") && !url.pathname.endsWith(first!.id),
    );
    const rerunId = new URL(page.url()).pathname.split("/").at(-1)!;

    const command = page.getByTestId("ssh-command");
    await command.waitFor({ timeout: 90_000 });
    expect(await command.textContent()).toBe(`ssh -p 3122 ${rerunId}@localhost`);
    expect(await page.getByTestId("ssh-fingerprint").textContent()).toMatch(/^SHA256:/);
    expect(await page.getByTestId("job-ssh").textContent()).toContain("Secrets are visible");

    await page.getByRole("button", { name: "Open terminal" }).click();
    await page
      .getByTestId("terminal-state")
      .filter({ hasText: "open" })
      .waitFor({ timeout: 30_000 });
    const terminal = page.getByTestId("terminal");
    await terminal.click();
    await page.keyboard.type("cat /tmp/made.txt; echo answer-$((6*7))");
    await page.keyboard.press("Enter");
    await pollUntil(
      "the command's output in the terminal",
      async () => (await terminal.locator(".xterm-rows").textContent()) ?? "",
      (text) => text.includes("made-by-the-job") && text.includes("answer-42"),
      { timeoutMs: 30_000 },
    );
    await screenshot(page, "ssh-terminal");

    // Leaving the only session ends the window: the job finishes and its ssh field goes.
    await page.keyboard.type("exit");
    await page.keyboard.press("Enter");
    await page.getByTestId("terminal-message").waitFor({ timeout: 30_000 });
    const done = await pollUntil(
      "the rerun to finish",
      () => db.job.findUnique({ where: { id: rerunId } }),
      (job) => job?.status === "success",
      { timeoutMs: 60_000 },
    );
    expect(done?.ssh).toBeNull();
    const audit = await db.auditEvent.findFirst({
      where: { action: "job.ssh_session", targetId: rerunId },
    });
    expect(audit?.metadata).toMatchObject({ via: "browser" });
    await page.close();
  });
});
