import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { artifactRequestPath, signArtifactToken } from "@cairn/artifact-serving";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { FileBlobStore } from "@cairn/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileArtifactBodies } from "./artifact-bodies.ts";
import { createArtifactsServer } from "./server.ts";
import { sweepExpiredArtifacts } from "./sweep.ts";
import { rawGet } from "./test-support.ts";

const adminUrl = requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL);
const secret = randomBytes(32).toString("hex");
const base = "artifacts.localhost";
const privateHost = `git--acme--site.${base}:3001`;
const publicHost = `git--acme--docs.${base}`;
const log = Buffer.from(Array.from({ length: 1000 }, (_, index) => index % 10).join(""));

let database: TestDatabase;
let root: string;
let store: FileBlobStore;
let server: ReturnType<typeof createArtifactsServer>;
let privateProjectId: string;
let publicProjectId: string;
let oddProject: { id: string };
const jobIds: Record<string, string> = {};

async function createProject(slug: string, visibility: "private" | "public") {
  const [provider, owner = "", name = ""] = slug.split("/") as ["git", string, string];
  return database.db.project.create({
    data: {
      organization: { create: { name: owner, slug: `${owner}-${randomBytes(4).toString("hex")}` } },
      provider,
      repoUrl: "git@example.com:x.git",
      owner,
      name,
      slug,
      visibility,
    },
  });
}

async function createJob(projectId: string, number: number, parallelIndex = 0) {
  const pipeline = await database.db.pipeline.create({
    data: {
      projectId,
      number: number * 10 + parallelIndex,
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
    data: { workflowId: workflow.id, projectId, name: "build", number, parallelIndex },
  });
  return job.id;
}

async function addArtifact(
  jobId: string,
  path: string,
  body: Buffer | string,
  contentType: string | null,
) {
  const storageKey = `artifacts/${jobId}/${path}`;
  const { size } = await store.put(storageKey, Buffer.from(body));
  return database.db.artifact.create({ data: { jobId, path, storageKey, size, contentType } });
}

const get = (host: string, path: string, headers?: Record<string, string>) =>
  rawGet(server, host, path, headers ? { headers } : {});
const link = (projectId: string, jobNumber: number, path: string, expiresInMs = 60_000) =>
  artifactRequestPath(
    jobNumber,
    0,
    path,
    signArtifactToken({ projectId, jobNumber }, secret, new Date(Date.now() + expiresInMs)),
  );

beforeAll(async () => {
  [database, root] = await Promise.all([
    createTestDatabase(adminUrl),
    mkdtemp(join(tmpdir(), "cairn-artifacts-server-")),
  ]);
  store = new FileBlobStore(join(root, "blobs-root"));
  privateProjectId = (await createProject("git/acme/site", "private")).id;
  publicProjectId = (await createProject("git/acme/docs", "public")).id;
  oddProject = await createProject("git/Acme/Odd_Name", "public");
  jobIds.site1 = await createJob(privateProjectId, 1);
  jobIds.site2 = await createJob(privateProjectId, 2);
  jobIds.docs1 = await createJob(publicProjectId, 1);
  jobIds.docs1node1 = await createJob(publicProjectId, 1, 1);
  jobIds.odd = await createJob(oddProject.id, 3);
  await addArtifact(
    jobIds.site1!,
    "report/index.html",
    "<h1>Private report</h1>",
    "text/html; charset=utf-8",
  );
  await addArtifact(jobIds.site1!, "report/app.js", "alert(1)", "text/javascript; charset=utf-8");
  await addArtifact(jobIds.site2!, "other.txt", "job two", "text/plain; charset=utf-8");
  await addArtifact(jobIds.docs1!, "logs/build.log", log, "text/plain; charset=utf-8");
  await addArtifact(
    jobIds.docs1!,
    "page.xhtml",
    "<html xmlns='http://www.w3.org/1999/xhtml'/>",
    "application/xhtml+xml",
  );
  await addArtifact(jobIds.docs1!, 'logs/<b>odd&" name.txt', "x", null);
  await addArtifact(jobIds.docs1!, "data.bin", Buffer.from([0, 1, 2]), "bogus\r\nSet-Cookie: a=b");
  await addArtifact(jobIds.docs1node1!, "node.txt", "second run", "text/plain");
  await addArtifact(jobIds.odd!, "odd.txt", "odd", "text/plain");
  // A symlink in the blob folder (never made by store_artifacts, but a store on a shared
  // disk could hold one) must not be followed.
  const outside = join(root, "secret.txt");
  await writeFile(outside, "outside the store");
  const linkDir = join(root, "blobs-root", "blobs", "artifacts", jobIds.docs1!);
  await symlink(outside, join(linkDir, "escape.txt"));
  await mkdir(join(root, "elsewhere"), { recursive: true });
  await writeFile(join(root, "elsewhere", "f.txt"), "outside too");
  await symlink(join(root, "elsewhere"), join(linkDir, "dirlink"));
  for (const path of ["escape.txt", "dirlink/f.txt"]) {
    await database.db.artifact.create({
      data: {
        jobId: jobIds.docs1!,
        path,
        storageKey: `artifacts/${jobIds.docs1}/${path}`,
        size: 5,
        contentType: "text/plain",
      },
    });
  }
  server = createArtifactsServer({
    db: database.db,
    bodies: new FileArtifactBodies(join(root, "blobs-root")),
    secret,
    baseDomain: base,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await database?.drop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe("public projects", () => {
  it("serves an artifact with its type, nosniff, the sandbox and no cookies", async () => {
    const response = await get(publicHost, "/1/logs/build.log", { cookie: "session=abc" });
    expect(response.status).toBe(200);
    expect(response.body.equals(log)).toBe(true);
    expect(response.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["content-security-policy"]).toMatch(/^sandbox allow-scripts/);
    expect(response.headers["accept-ranges"]).toBe("bytes");
    expect(response.headers["set-cookie"]).toBeUndefined();
  });

  it("serves XHTML sandboxed with its own type, and a bad stored type as octet-stream", async () => {
    const xhtml = await get(publicHost, "/1/page.xhtml");
    expect(xhtml.headers["content-type"]).toBe("application/xhtml+xml");
    expect(xhtml.headers["content-security-policy"]).not.toContain("allow-same-origin");
    const bin = await get(publicHost, "/1/data.bin");
    expect(bin.headers["content-type"]).toBe("application/octet-stream");
    expect(bin.headers["set-cookie"]).toBeUndefined();
  });

  it("answers byte ranges with 206, and 416 past the end", async () => {
    const first = await get(publicHost, "/1/logs/build.log", { range: "bytes=10-19" });
    expect(first.status).toBe(206);
    expect(first.headers["content-range"]).toBe("bytes 10-19/1000");
    expect(first.body.toString()).toBe("0123456789");
    const tail = await get(publicHost, "/1/logs/build.log", { range: "bytes=-3" });
    expect(tail.body.toString()).toBe("789");
    const past = await get(publicHost, "/1/logs/build.log", { range: "bytes=5000-" });
    expect(past.status).toBe(416);
    expect(past.headers["content-range"]).toBe("bytes */1000");
    const head = await rawGet(server, publicHost, "/1/logs/build.log", { method: "HEAD" });
    expect([head.status, head.headers["content-length"], head.body.length]).toEqual([
      200,
      "1000",
      0,
    ]);
  });

  it("shows folder indexes with escaped names, redirecting to the trailing slash", async () => {
    const top = await get(publicHost, "/1/");
    expect(top.status).toBe(200);
    expect(top.body.toString()).toContain('<a href="logs/">logs/</a>');
    expect(top.body.toString()).toContain('<a href="page.xhtml">page.xhtml</a>');
    const logs = await get(publicHost, "/1/logs/");
    expect(logs.body.toString()).toContain("&#60;b&#62;odd&#38;&#34; name.txt");
    expect(logs.body.toString()).not.toContain("<b>odd");
    expect(await get(publicHost, "/1/logs")).toMatchObject({
      status: 301,
      headers: { location: "logs/" },
    });
    expect(await get(publicHost, "/1")).toMatchObject({ status: 301, headers: { location: "1/" } });
    expect((await get(publicHost, "/1/nothing/")).status).toBe(404);
  });

  it("serves parallel runs under <number>.<index>, and projects named by id", async () => {
    expect((await get(publicHost, "/1.1/node.txt")).body.toString()).toBe("second run");
    expect((await get(publicHost, "/1/node.txt")).status).toBe(404);
    expect((await get(`${oddProject.id}.${base}`, "/3/odd.txt")).body.toString()).toBe("odd");
  });
});

describe("private projects", () => {
  it("are 404 without a token, and served (index.html for the folder) with one", async () => {
    expect((await get(privateHost, "/1/report/index.html")).status).toBe(404);
    const page = await get(privateHost, link(privateProjectId, 1, "report/index.html"));
    expect(page.status).toBe(200);
    expect(page.body.toString()).toBe("<h1>Private report</h1>");
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["content-security-policy"]).toContain("sandbox");
    expect(page.headers["referrer-policy"]).toBe("no-referrer");
    const folder = await get(privateHost, `${link(privateProjectId, 1, "report")}/`);
    expect(folder.body.toString()).toBe("<h1>Private report</h1>");
  });

  it("refuse expired tokens, tokens for another job or project, and forged ones", async () => {
    const cases = [
      link(privateProjectId, 1, "report/index.html", -1000),
      link(privateProjectId, 2, "report/index.html").replace("/2/", "/1/"),
      link(publicProjectId, 1, "report/index.html"),
      link(privateProjectId, 1, "report/index.html").replace(/\.[^./]+\//, ".AAAA/"),
      "/~not-a-token/1/report/index.html",
    ];
    for (const path of cases) expect((await get(privateHost, path)).status, path).toBe(404);
    expect((await get(privateHost, link(privateProjectId, 2, "other.txt"))).status).toBe(200);
  });
});

describe("bad requests", () => {
  it("answers 400 for traversal, encoded slashes, backslashes and huge paths", async () => {
    for (const path of [
      "/1/../2/other.txt",
      "/1/logs/%2e%2e/page.xhtml",
      "/1/logs%2Fbuild.log",
      "/1/logs%5cbuild.log",
      "/1/logs\\build.log",
      "/1//logs/build.log",
      "/1/%ZZ",
      `/1/${"a/".repeat(3000)}`,
    ]) {
      const response = await get(publicHost, path);
      expect(response.status, path).toBe(400);
      expect(response.body.toString()).not.toMatch(/at .*\.ts/);
    }
  });

  it("answers 404 for unknown hosts, projects, jobs and symlinks in the store", async () => {
    const cases: [string, string][] = [
      ["localhost:3001", "/1/logs/build.log"],
      ["evil.example", "/1/logs/build.log"],
      [`a.b.${base}`, "/1/logs/build.log"],
      [`git--acme--nope.${base}`, "/1/logs/build.log"],
      [`nope.${base}`, "/1/logs/build.log"],
      [publicHost, "/9/logs/build.log"],
      [publicHost, "/x/logs/build.log"],
      [publicHost, "/1/escape.txt"],
      [publicHost, "/1/dirlink/f.txt"],
    ];
    for (const [host, path] of cases) {
      const response = await get(host, path);
      expect(response.status, `${host}${path}`).toBe(404);
      expect(response.body.toString()).not.toContain("outside");
    }
  });

  it("answers 405 to other methods and keeps /health", async () => {
    expect((await rawGet(server, publicHost, "/1/logs/build.log", { method: "POST" })).status).toBe(
      405,
    );
    expect((await get("localhost", "/health")).body.toString()).toBe('{"status":"ok"}');
  });
});

describe("retention sweep", () => {
  it("deletes artifacts older than the retention, rows and blobs, and keeps the rest", async () => {
    const old = await addArtifact(jobIds.site2!, "old/report.txt", "old", "text/plain");
    await database.db.artifact.update({
      where: { id: old.id },
      data: { createdAt: new Date(Date.now() - 31 * 24 * 3600 * 1000) },
    });
    expect(await sweepExpiredArtifacts(database.db, store, 30)).toBe(1);
    expect(await database.db.artifact.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await store.head(old.storageKey)).toBeNull();
    expect(await store.head(`artifacts/${jobIds.site2}/other.txt`)).not.toBeNull();
    expect(await database.db.artifact.count({ where: { jobId: jobIds.site2! } })).toBe(1);
  });
});
