// Who sees what through tRPC: the owner sees their project, pipeline and job; someone
// outside the organization gets NOT_FOUND (nothing learnt from guessing ids); nobody
// signed in gets UNAUTHORIZED.
import { randomBytes } from "node:crypto";
import type { Db, User } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { LocalSecretCipher } from "@cairn/secrets";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensurePersonalOrganization } from "../organizations/ensure-personal-organization.ts";
import type { Services } from "../services.ts";
import { createCaller, createTRPCContext } from "./index.ts";

let database: TestDatabase;
let db: Db;
let owner: User;
let outsider: User;
const ids = { pipeline: "", job: "", slug: "" };

function callerFor(viewer: User | null) {
  const services: Services = {
    db,
    cipher: LocalSecretCipher.fromBase64(randomBytes(32).toString("base64")),
    dataDir: "/nonexistent",
    baseUrl: "http://cairn.test",
    orbCacheDir: "/nonexistent/orbs",
  };
  return createCaller(createTRPCContext({ viewer, services }));
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
  ids.slug = project.slug;
  const started = new Date("2026-01-01T10:00:00Z");
  const pipeline = await db.pipeline.create({
    data: {
      projectId: project.id,
      number: 1,
      status: "success",
      triggerType: "api",
      actorLogin: "owner",
      branch: "main",
      revision: "a".repeat(40),
      commitSubject: "first",
      targetRepositoryUrl: "https://git.example.test/app.git",
      originRepositoryUrl: "https://git.example.test/app.git",
      workflows: { create: { name: "main", status: "success" } },
    },
    include: { workflows: true },
  });
  ids.pipeline = pipeline.id;
  const workflowId = pipeline.workflows[0]?.id ?? "";
  await db.job.create({
    data: {
      workflowId,
      projectId: project.id,
      name: "lint",
      number: 1,
      status: "success",
      startedAt: started,
      finishedAt: new Date(started.getTime() + 1000),
    },
  });
  const job = await db.job.create({
    data: {
      workflowId,
      projectId: project.id,
      name: "build",
      number: 2,
      status: "success",
      requires: { lint: ["success"] },
      startedAt: new Date(started.getTime() + 1000),
      finishedAt: new Date(started.getTime() + 5000),
      steps: {
        create: [
          {
            index: 0,
            name: "Say hi",
            status: "success",
            exitCode: 0,
            startedAt: new Date(started.getTime() + 1000),
            finishedAt: new Date(started.getTime() + 3500),
          },
        ],
      },
    },
  });
  ids.job = job.id;
});

afterAll(async () => {
  await database?.drop();
});

describe("tRPC authorization", () => {
  it("shows the owner their project, pipelines and job with durations and requires", async () => {
    const caller = callerFor(owner);
    expect((await caller.projects.listMine()).map((project) => project.slug)).toEqual([ids.slug]);
    expect((await caller.projects.get({ slug: ids.slug })).name).toBe("app");

    const [recent] = await caller.pipelines.recent();
    expect(recent).toMatchObject({ id: ids.pipeline, branch: "main", durationMs: 5000 });
    const page = await caller.pipelines.listByProject({ slug: ids.slug });
    expect(page).toMatchObject({
      items: [{ number: 1, commitSubject: "first" }],
      nextCursor: null,
    });

    const detail = await caller.pipelines.get({ id: ids.pipeline });
    const jobs = detail.workflows[0]?.jobs ?? [];
    expect(jobs.map((job) => [job.name, job.requires])).toEqual([
      ["lint", []],
      ["build", ["lint"]],
    ]);

    const job = await caller.jobs.get({ id: ids.job });
    expect(job).toMatchObject({ name: "build", status: "success", finished: true });
    expect(job.steps).toEqual([expect.objectContaining({ name: "Say hi", durationMs: 2500 })]);
  });

  it("answers NOT_FOUND to someone outside the organization, and lists nothing", async () => {
    const caller = callerFor(outsider);
    expect(await caller.projects.listMine()).toEqual([]);
    expect(await caller.pipelines.recent()).toEqual([]);
    expect(await codeOf(caller.projects.get({ slug: ids.slug }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.pipelines.listByProject({ slug: ids.slug }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.pipelines.get({ id: ids.pipeline }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.jobs.get({ id: ids.job }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.pipelines.trigger({ slug: ids.slug, branch: "main" }))).toBe(
      "NOT_FOUND",
    );
  });

  it("answers UNAUTHORIZED to anyone not signed in", async () => {
    const caller = callerFor(null);
    expect(await codeOf(caller.projects.listMine())).toBe("UNAUTHORIZED");
    expect(await codeOf(caller.pipelines.recent())).toBe("UNAUTHORIZED");
    expect(await codeOf(caller.jobs.get({ id: ids.job }))).toBe("UNAUTHORIZED");
  });

  it("answers BAD_REQUEST to malformed input and to a page cursor it never handed out", async () => {
    const caller = callerFor(owner);
    expect(await codeOf(caller.pipelines.get({ id: "" }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.pipelines.listByProject({ slug: ids.slug, cursor: "%%" }))).toBe(
      "BAD_REQUEST",
    );
  });
});
