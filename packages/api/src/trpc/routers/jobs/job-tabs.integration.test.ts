// The job page's tabs through tRPC: test cases come failures and errors first with their
// counts; artifacts come with signed links on the project's origin; an outsider gets
// NOT_FOUND and a context without link settings gets SERVICE_UNAVAILABLE.
import { randomBytes } from "node:crypto";
import { parseArtifactRequestPath, verifyArtifactToken } from "@cairn/artifact-serving";
import type { Db, User } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { LocalSecretCipher } from "@cairn/secrets";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArtifactLinkSettings } from "../../../artifacts/list-job-artifacts.ts";
import { ensurePersonalOrganization } from "../../../organizations/ensure-personal-organization.ts";
import type { Services } from "../../../services.ts";
import { createCaller, createTRPCContext } from "../../index.ts";

const artifactLinks: ArtifactLinkSettings = {
  artifactsUrl: "http://localhost:3001",
  secret: randomBytes(32).toString("hex"),
};
let database: TestDatabase;
let db: Db;
let owner: User;
let outsider: User;
let jobId = "";
let projectId = "";

/** `links: null` leaves the context without artifact link settings. */
function callerFor(viewer: User, links: ArtifactLinkSettings | null = artifactLinks) {
  const services: Services = {
    db,
    cipher: LocalSecretCipher.fromBase64(randomBytes(32).toString("base64")),
    dataDir: "/nonexistent",
    baseUrl: "http://cairn.test",
    orbCacheDir: "/nonexistent/orbs",
  };
  return createCaller(createTRPCContext({ viewer, services, artifactLinks: links ?? undefined }));
}

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    return error instanceof TRPCError ? error.code : `not a TRPCError: ${String(error)}`;
  }
}

beforeAll(async () => {
  database = await createTestDatabase(requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL));
  db = database.db;
  owner = await db.user.create({ data: { email: "owner@test", login: "owner", name: "Owner" } });
  outsider = await db.user.create({ data: { email: "out@test", login: "out", name: "Out" } });
  await ensurePersonalOrganization(db, outsider);
  const organization = await ensurePersonalOrganization(db, owner);
  const project = await db.project.create({
    data: {
      organizationId: organization.id,
      provider: "git",
      repoUrl: "https://git.example.test/app.git",
      owner: organization.slug,
      name: "app",
      slug: `git/${organization.slug}/app`,
    },
  });
  projectId = project.id;
  const pipeline = await db.pipeline.create({
    data: {
      projectId: project.id,
      number: 1,
      triggerType: "api",
      actorLogin: "owner",
      revision: "a".repeat(40),
      targetRepositoryUrl: "https://git.example.test/app.git",
      originRepositoryUrl: "https://git.example.test/app.git",
      workflows: { create: { name: "main" } },
    },
    include: { workflows: true },
  });
  const job = await db.job.create({
    data: {
      workflowId: pipeline.workflows[0]?.id ?? "",
      projectId: project.id,
      name: "test",
      number: 3,
      status: "failed",
    },
  });
  jobId = job.id;
  await db.testCase.createMany({
    data: (
      [
        { classname: "a", name: "passes", result: "success", runTime: 0.5 },
        { classname: "b", name: "skips", result: "skipped" },
        { classname: "c", name: "breaks", result: "error", message: "TypeError: x is undefined" },
        { classname: "d", name: "fails", result: "failure", message: "expected 1 to be 2" },
      ] as const
    ).map((row) => ({ ...row, jobId: job.id, projectId: project.id })),
  });
  await db.artifact.create({
    data: {
      jobId: job.id,
      path: "coverage/index.html",
      storageKey: `artifacts/${job.id}/coverage/index.html`,
      size: 2048,
      contentType: "text/html",
    },
  });
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

describe("jobs.tests", () => {
  it("lists failures, then errors, then the rest, with counts", async () => {
    const { counts, cases } = await callerFor(owner).jobs.tests({ id: jobId });
    expect(counts).toEqual({ total: 4, success: 1, failure: 1, error: 1, skipped: 1 });
    expect(cases.map((testCase) => testCase.result)).toEqual([
      "failure",
      "error",
      "skipped",
      "success",
    ]);
    expect(cases[0]).toMatchObject({ name: "fails", message: "expected 1 to be 2" });
  });

  it("answers NOT_FOUND to someone outside the organization", async () => {
    expect(await codeOf(callerFor(outsider).jobs.tests({ id: jobId }))).toBe("NOT_FOUND");
  });
});

describe("jobs.artifacts", () => {
  it("lists each artifact with its size, type and a signed link on the project's origin", async () => {
    const { items } = await callerFor(owner).jobs.artifacts({ id: jobId });
    expect(items).toHaveLength(1);
    const [item] = items;
    expect(item).toMatchObject({
      path: "coverage/index.html",
      nodeIndex: 0,
      size: 2048,
      contentType: "text/html",
    });
    const link = new URL(item?.url ?? "");
    expect(link.hostname).toMatch(/\.artifacts\.localhost$/);
    expect(link.port).toBe("3001");
    // The project is private: the link carries a token for this job only.
    const request = parseArtifactRequestPath(link.pathname);
    expect(request).toMatchObject({ jobNumber: 3, nodeIndex: 0, path: "coverage/index.html" });
    const scope = { projectId, jobNumber: 3 };
    expect(verifyArtifactToken(request.token ?? "", artifactLinks.secret, scope, new Date())).toBe(
      true,
    );
  });

  it("answers NOT_FOUND to an outsider and SERVICE_UNAVAILABLE without link settings", async () => {
    expect(await codeOf(callerFor(outsider).jobs.artifacts({ id: jobId }))).toBe("NOT_FOUND");
    const unconfigured = callerFor(owner, null);
    expect(await codeOf(unconfigured.jobs.artifacts({ id: jobId }))).toBe("SERVICE_UNAVAILABLE");
  });
});
