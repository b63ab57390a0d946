// Artifacts in the browser: an HTML artifact renders on its project's own subdomain, its
// scripts run in an opaque origin (no cookies, no storage of the UI), and a signed link
// stops working once it expires.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  artifactRequestPath,
  projectArtifactOrigin,
  projectHostLabel,
  signArtifactToken,
} from "@cairn/artifact-serving";
import { createDb, type Db } from "@cairn/db";
import { FileBlobStore } from "@cairn/storage";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot } from "./browser.ts";

const uiUrl = process.env.CAIRN_E2E_URL;
const artifactsUrl = process.env.CAIRN_E2E_ARTIFACTS_URL;
const databaseUrl = process.env.CAIRN_E2E_DATABASE_URL;
if (!uiUrl || !artifactsUrl || !databaseUrl) {
  throw new Error(
    "CAIRN_E2E_URL, CAIRN_E2E_ARTIFACTS_URL and CAIRN_E2E_DATABASE_URL are not set: run the browser suite through `npm test`, which starts Cairn for it.",
  );
}
const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const dataDir = process.env.CAIRN_E2E_DATA_DIR ?? `${repoRoot}.cairn/e2e-data`;

/** The stack's AUTH_SECRET: from the environment, else the launcher's generated one. */
function authSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = `${repoRoot}.cairn/secrets.json`;
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, "utf8")) as { authSecret?: string };
    if (saved.authSecret) return saved.authSecret;
  }
  throw new Error("AUTH_SECRET is not set and .cairn/secrets.json has none.");
}

// Tries to read what belongs to other origins and writes down what it could.
const PROBE_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Report</title></head>
<body><h1>Coverage report</h1><p id="result">not run</p>
<script>
  const tries = [];
  try { tries.push("cookie=" + JSON.stringify(document.cookie)); } catch (e) { tries.push("cookie blocked"); }
  try { tries.push("storage=" + JSON.stringify(localStorage.getItem("cairn-probe"))); } catch (e) { tries.push("storage blocked"); }
  tries.push("origin=" + self.origin);
  document.getElementById("result").textContent = tries.join("; ");
</script></body></html>`;

let db: Db;
let browser: Browser;
let store: FileBlobStore;
let organizationId: string;
let storageKey: string;
let project: { id: string; slug: string };
const jobNumber = 1;

beforeAll(async () => {
  db = createDb(databaseUrl);
  const suffix = randomBytes(4).toString("hex");
  const organization = await db.organization.create({
    data: { name: "E2E artifacts", slug: `e2e-art-${suffix}` },
  });
  organizationId = organization.id;
  project = await db.project.create({
    data: {
      organizationId,
      provider: "git",
      repoUrl: "git@example.com:e2e/art.git",
      owner: "e2e-art",
      name: `r${suffix}`,
      slug: `git/e2e-art/r${suffix}`,
    },
  });
  const pipeline = await db.pipeline.create({
    data: {
      projectId: project.id,
      number: 1,
      triggerType: "api",
      actorLogin: "e2e",
      revision: "0123456789abcdef",
      targetRepositoryUrl: "git@example.com:e2e/art.git",
      originRepositoryUrl: "git@example.com:e2e/art.git",
    },
  });
  const workflow = await db.workflow.create({ data: { pipelineId: pipeline.id, name: "w" } });
  const job = await db.job.create({
    data: { workflowId: workflow.id, projectId: project.id, name: "build", number: jobNumber },
  });
  store = new FileBlobStore(`${dataDir}/blobs`);
  storageKey = `artifacts/${job.id}/report/index.html`;
  const { size } = await store.put(storageKey, Buffer.from(PROBE_PAGE), {
    contentType: "text/html; charset=utf-8",
  });
  await db.artifact.create({
    data: {
      jobId: job.id,
      path: "report/index.html",
      storageKey,
      size,
      contentType: "text/html; charset=utf-8",
    },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  if (storageKey) await store.delete(storageKey);
  if (organizationId) await db.organization.delete({ where: { id: organizationId } });
  await db?.$disconnect();
});

function signedUrl(expiresInMs: number): string {
  const origin = projectArtifactOrigin(
    artifactsUrl as string,
    `artifacts.${new URL(artifactsUrl as string).hostname}`,
    projectHostLabel(project),
  );
  const token = signArtifactToken(
    { projectId: project.id, jobNumber },
    authSecret(),
    new Date(Date.now() + expiresInMs),
  );
  return `${origin}${artifactRequestPath(jobNumber, 0, "report/index.html", token)}`;
}

describe("HTML artifacts in the browser", () => {
  it("render on the project's subdomain, sandboxed away from the UI's cookies and storage", async () => {
    const context = await browser.newContext();
    const ui = await context.newPage();
    await ui.goto(uiUrl);
    await ui.evaluate(
      'document.cookie = "cairn-probe=ui-secret; path=/"; localStorage.setItem("cairn-probe", "ui-secret")',
    );
    const url = signedUrl(60_000);
    expect(new URL(url).hostname).toMatch(/^git--e2e-art--r[0-9a-f]{8}\.artifacts\.localhost$/);
    const page = await context.newPage();
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["content-security-policy"]).toMatch(/^sandbox allow-scripts/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Coverage report");
    const result = await page.locator("#result").textContent();
    expect(result).toBe("cookie blocked; storage blocked; origin=null");
    await screenshot(page, "artifact-html-sandboxed");
    await context.close();
  });

  it("stops serving a signed link once it has expired", async () => {
    const page = await browser.newPage();
    const url = signedUrl(2_000);
    expect((await page.goto(url))?.status()).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const expired = await page.goto(url);
    expect(expired?.status()).toBe(404);
    await expect(page.locator("body").textContent()).resolves.not.toContain("Coverage report");
    const unsigned = await page.goto(url.replace(/\/~[^/]+/, ""));
    expect(unsigned?.status()).toBe(404);
    await page.close();
  });
});
