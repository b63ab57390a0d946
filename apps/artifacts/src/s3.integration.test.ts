import { randomBytes } from "node:crypto";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { createBlobStore } from "@cairn/storage";
import { type LocalS3, startLocalS3 } from "@cairn/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3ArtifactBodies } from "./s3-artifact-bodies.ts";
import { createArtifactsServer } from "./server.ts";
import { rawGet } from "./test-support.ts";

// s3rver is a local S3-compatible server: the real SDK, presigner and HTTP, no cloud.
const adminUrl = requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL);
const bucket = "cairn-artifacts-test";
const host = "git--acme--s3.artifacts.localhost";

let database: TestDatabase;
let s3: LocalS3;
let bodies: S3ArtifactBodies;
let server: ReturnType<typeof createArtifactsServer>;

beforeAll(async () => {
  [database, s3] = await Promise.all([createTestDatabase(adminUrl), startLocalS3(bucket)]);
  const { settings } = s3;
  const store = createBlobStore({ kind: "s3", ...settings });
  const project = await database.db.project.create({
    data: {
      organization: { create: { name: "acme", slug: `acme-${randomBytes(4).toString("hex")}` } },
      provider: "git",
      repoUrl: "git@example.com:x.git",
      owner: "acme",
      name: "s3",
      slug: "git/acme/s3",
      visibility: "public",
    },
  });
  const pipeline = await database.db.pipeline.create({
    data: {
      projectId: project.id,
      number: 1,
      triggerType: "api",
      actorLogin: "tester",
      revision: "0123456789abcdef",
      targetRepositoryUrl: "git@example.com:x.git",
      originRepositoryUrl: "git@example.com:x.git",
    },
  });
  const workflow = await database.db.workflow.create({
    data: { pipelineId: pipeline.id, name: "w" },
  });
  const job = await database.db.job.create({
    data: { workflowId: workflow.id, projectId: project.id, name: "b", number: 1 },
  });
  for (const [path, body, contentType] of [
    ["notes.txt", "plain notes", "text/plain; charset=utf-8"],
    ["index.html", "<p>hello from s3</p>", "text/html; charset=utf-8"],
    ["gone.txt", "", "text/plain"],
  ] as const) {
    const storageKey = `artifacts/${job.id}/${path}`;
    if (path !== "gone.txt") await store.put(storageKey, Buffer.from(body), { contentType });
    await database.db.artifact.create({
      data: { jobId: job.id, path, storageKey, size: body.length, contentType },
    });
  }
  bodies = new S3ArtifactBodies(settings);
  server = createArtifactsServer({
    db: database.db,
    bodies,
    secret: "x".repeat(32),
    baseDomain: "artifacts.localhost",
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  bodies?.destroy();
  await s3?.close();
  await database?.drop();
});

describe("artifacts in S3", () => {
  it("redirects a passive file to a short-lived presigned URL that serves it", async () => {
    const response = await rawGet(server, host, "/1/notes.txt");
    expect(response.status).toBe(302);
    const location = new URL(String(response.headers.location));
    expect(location.searchParams.get("X-Amz-Expires")).toBe("60");
    expect(location.searchParams.get("response-content-type")).toBe("text/plain; charset=utf-8");
    const direct = await fetch(location);
    expect(direct.status).toBe(200);
    expect(await direct.text()).toBe("plain notes");
  });

  it("streams HTML itself, with the sandbox and ranges", async () => {
    const page = await rawGet(server, host, "/1/index.html");
    expect(page.status).toBe(200);
    expect(page.body.toString()).toBe("<p>hello from s3</p>");
    expect(page.headers["content-security-policy"]).toMatch(/^sandbox/);
    const part = await rawGet(server, host, "/1/index.html", { headers: { range: "bytes=3-7" } });
    expect([part.status, part.body.toString()]).toEqual([206, "hello"]);
  });

  it("answers 404 when the object is missing", async () => {
    expect((await rawGet(server, host, "/1/gone.txt")).status).toBe(404);
  });
});
