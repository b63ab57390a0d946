// Rerun with SSH in the browser: a finished job is rerun with SSH from its page; once its
// window is open the page shows the ssh command, and "Open terminal" gives a shell in the
// job's container (xterm.js over socket.io, through the worker's SSH gateway) that runs a
// command and shows its output. Leaving the shell ends the window and the job.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./browser.ts";
import { type BrowserSuite, startBrowserSuite } from "./fixtures.ts";
import { e2eStack, pollUntil } from "./stack.ts";

const { baseUrl } = e2eStack();

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

let suite: BrowserSuite;

beforeAll(async () => {
  suite = await startBrowserSuite({
    name: "ssh-terminal",
    suffix,
    files: { ".circleci/config.yml": CONFIG },
    message: "a job to look into",
  });
});

afterAll(async () => {
  await suite?.close();
});

describe("rerun with SSH in the browser", () => {
  it("opens a terminal in the job's container that runs a command", async () => {
    const triggered = await suite.json(`/api/v2/project/${suite.projectSlug}/pipeline`, {
      method: "POST",
      body: JSON.stringify({ branch: "main" }),
    });
    expect(triggered.status).toBe(201);
    const first = await pollUntil(
      "the first run",
      () => suite.db.job.findFirst({ where: { workflow: { pipelineId: triggered.body.id } } }),
      (job) => job?.status === "success",
    );

    const page = await suite.context.newPage();
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
      () => suite.db.job.findUnique({ where: { id: rerunId } }),
      (job) => job?.status === "success",
      { timeoutMs: 60_000 },
    );
    expect(done?.ssh).toBeNull();
    const audit = await suite.db.auditEvent.findFirst({
      where: { action: "job.ssh_session", targetId: rerunId },
    });
    expect(audit?.metadata).toMatchObject({ via: "browser" });
    await page.close();
  });
});
