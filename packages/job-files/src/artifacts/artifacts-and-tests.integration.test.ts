import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { text } from "node:stream/consumers";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { createDockerClient } from "@cairn/executor";
import { FileBlobStore } from "@cairn/storage";
import type { Container } from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeTestResults } from "../test-results/store-test-results.ts";
import { putFiles, removeContainers, sh, startTestContainer } from "../test-support/containers.ts";
import { testContext } from "../test-support/job-context.ts";
import { createTestWorkflow, type TestWorkflow } from "../test-support/workflow-rows.ts";
import { storeArtifacts } from "./store-artifacts.ts";

const adminUrl = requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL);
const docker = createDockerClient();
const fixture = (name: string) =>
  readFileSync(new URL(`../test-results/fixtures/${name}`, import.meta.url), "utf8");

let database: TestDatabase;
let storeRoot: string;
let store: FileBlobStore;
let container: Container;
let workflow: TestWorkflow;

function context() {
  return testContext({ db: database.db, store, container, job: workflow.jobs.build! });
}

beforeAll(async () => {
  [database, storeRoot, container] = await Promise.all([
    createTestDatabase(adminUrl),
    mkdtemp(join(tmpdir(), "cairn-job-files-artifacts-")),
    startTestContainer(docker),
  ]);
  store = new FileBlobStore(storeRoot);
  workflow = await createTestWorkflow(database.db, { build: [] });
}, 120_000);

afterAll(async () => {
  await removeContainers([container].filter(Boolean));
  await database?.drop();
  if (storeRoot) await rm(storeRoot, { recursive: true, force: true });
});

describe("store_artifacts", () => {
  it("stores each file under its destination with a content type and an Artifact row", async () => {
    await putFiles(container, "/root/project/reports", {
      "index.html": "<h1>Coverage</h1>",
      "style.css": "h1 { color: red }",
      "data/summary.json": '{"lines": 91.5}',
      "raw/output.bin": Buffer.from([0, 1, 2, 255]),
    });
    await sh(container, "ln -s index.html /root/project/reports/link.html");
    const step = context();
    const stored = await storeArtifacts(step, { path: "reports", destination: "coverage" });
    expect(stored.map((artifact) => [artifact.path, artifact.contentType]).sort()).toEqual([
      ["coverage/data/summary.json", "application/json; charset=utf-8"],
      ["coverage/index.html", "text/html; charset=utf-8"],
      ["coverage/raw/output.bin", "application/octet-stream"],
      ["coverage/style.css", "text/css; charset=utf-8"],
    ]);
    const jobId = workflow.jobs.build!.id;
    const rows = await database.db.artifact.findMany({
      where: { jobId },
      orderBy: { path: "asc" },
    });
    expect(rows.map((row) => [row.path, row.storageKey, Number(row.size)])).toEqual([
      ["coverage/data/summary.json", `artifacts/${jobId}/coverage/data/summary.json`, 15],
      ["coverage/index.html", `artifacts/${jobId}/coverage/index.html`, 17],
      ["coverage/raw/output.bin", `artifacts/${jobId}/coverage/raw/output.bin`, 4],
      ["coverage/style.css", `artifacts/${jobId}/coverage/style.css`, 17],
    ]);
    const html = await store.get(`artifacts/${jobId}/coverage/index.html`);
    expect(await text(html as NodeJS.ReadableStream)).toBe("<h1>Coverage</h1>");
    expect(await store.head(`artifacts/${jobId}/coverage/index.html`)).toMatchObject({
      contentType: "text/html; charset=utf-8",
    });
    expect(stored.find((a) => a.path === "coverage/index.html")?.urlPath).toBe(
      `/${jobId}/coverage/index.html`,
    );
    expect(step.lines).toContain(
      "Skipping symlink /root/project/reports/link.html (artifacts hold regular files only)",
    );
    expect(step.lines.at(-1)).toMatch(
      /^Uploaded 4 artifacts \(53 B\) from \/root\/project\/reports in /,
    );
  });

  it("names a single file by its path when no destination is given", async () => {
    await putFiles(container, "/tmp/logs", { "build.log": "done\n" });
    const stored = await storeArtifacts(context(), { path: "/tmp/logs/build.log" });
    expect(stored.map((artifact) => artifact.path)).toEqual(["tmp/logs/build.log"]);
  });

  it("warns, and stores nothing, for a missing path", async () => {
    const step = context();
    expect(await storeArtifacts(step, { path: "dist" })).toEqual([]);
    expect(step.lines).toEqual([
      "Warning: no artifact files found: no such file or directory: /root/project/dist",
    ]);
  });
});

describe("store_test_results", () => {
  it("parses the JUnit files of a directory into TestCase rows, skipping bad ones with a warning", async () => {
    await putFiles(container, "/root/project/test-results", {
      "jest/results.xml": fixture("jest-junit.xml"),
      "pytest/deep/junit.xml": fixture("pytest.xml"),
      "broken.xml": fixture("malformed.xml"),
      "huge.xml": `<testsuite>${"<testcase name='x'/>".repeat(200)}</testsuite>`,
      "notes.txt": "not a report",
    });
    const step = context();
    const result = await storeTestResults(
      step,
      { path: "test-results" },
      { maxFileBytes: 2_000, maxTestCases: 100 },
    );
    expect(result).toEqual({
      files: 2,
      tests: 7,
      counts: { success: 2, failure: 2, error: 1, skipped: 2 },
    });
    expect(step.lines).toContainEqual(
      expect.stringMatching(
        /^Warning: skipping \/root\/project\/test-results\/broken\.xml: not valid XML \(line \d+/,
      ),
    );
    expect(step.lines).toContain(
      "Warning: skipping /root/project/test-results/huge.xml: 4.0 kB is over the 2.0 kB limit for a test results file",
    );
    const rows = await database.db.testCase.findMany({
      where: { jobId: workflow.jobs.build!.id },
      orderBy: [{ classname: "asc" }, { name: "asc" }],
    });
    expect(rows).toHaveLength(7);
    expect(rows.find((row) => row.name === "test_fail")).toMatchObject({
      classname: "tests.test_app",
      file: "tests/test_app.py",
      result: "failure",
      runTime: 0.002,
      projectId: workflow.projectId,
    });
    expect(rows.find((row) => row.name === "test_fail")?.message).toContain("assert 1 == 2");
  });

  it("keeps at most maxTestCases rows and reads a single named file", async () => {
    await putFiles(container, "/tmp/single", { "report.out": fixture("surefire.xml") });
    const step = context();
    const result = await storeTestResults(
      step,
      { path: "/tmp/single/report.out" },
      { maxFileBytes: 1e6, maxTestCases: 2 },
    );
    expect(result.tests).toBe(2);
    expect(step.lines).toContain("Warning: kept the first 2 test cases; 1 more were dropped");
  });
});
