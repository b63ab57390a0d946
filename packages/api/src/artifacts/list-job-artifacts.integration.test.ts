import { randomBytes } from "node:crypto";
import { parseArtifactRequestPath, verifyArtifactToken } from "@cairn/artifact-serving";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../errors.ts";
import { listJobArtifacts } from "./list-job-artifacts.ts";

const adminUrl = requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL);
const secret = randomBytes(32).toString("hex");
const admin = { id: "admin", isAdmin: true, login: "admin", name: "Admin" };
const stranger = { id: "nobody", isAdmin: false, login: "nobody", name: "Nobody" };
const settings = { artifactsUrl: "http://localhost:3001", secret };

let database: TestDatabase;
const projects: Record<string, string> = {};

async function projectWithJob(slug: string, visibility: "private" | "public", runs: number) {
  const [, owner = "", name = ""] = slug.split("/");
  const project = await database.db.project.create({
    data: {
      organization: { create: { name: owner, slug: `${owner}-${randomBytes(4).toString("hex")}` } },
      provider: "git",
      repoUrl: "git@example.com:x.git",
      owner,
      name,
      slug,
      visibility,
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
  for (let index = 0; index < runs; index++) {
    const job = await database.db.job.create({
      data: {
        workflowId: workflow.id,
        projectId: project.id,
        name: "test",
        number: 7,
        parallelIndex: index,
        parallelism: runs,
      },
    });
    for (const path of [`run-${index}/b.html`, "a b.txt"]) {
      await database.db.artifact.create({
        data: {
          jobId: job.id,
          path,
          storageKey: `artifacts/${job.id}/${path}`,
          size: 10 + index,
          contentType: "text/html",
        },
      });
    }
  }
  return project.id;
}

beforeAll(async () => {
  database = await createTestDatabase(adminUrl);
  projects.private = await projectWithJob("git/acme/api", "private", 2);
  projects.public = await projectWithJob("git/acme/web", "public", 1);
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

describe("listJobArtifacts", () => {
  it("lists every run's artifacts with size, type and a link scoped to the job", async () => {
    const now = new Date();
    const { items, next_page_token } = await listJobArtifacts(
      database.db,
      admin,
      "git/acme/api",
      7,
      {
        ...settings,
        now,
        ttlSeconds: 60,
      },
    );
    expect(next_page_token).toBeNull();
    expect(items.map((item) => [item.node_index, item.path, item.size, item.content_type])).toEqual(
      [
        [0, "a b.txt", 10, "text/html"],
        [0, "run-0/b.html", 10, "text/html"],
        [1, "a b.txt", 11, "text/html"],
        [1, "run-1/b.html", 11, "text/html"],
      ],
    );
    const url = new URL(items[3]?.url ?? "");
    expect(url.origin).toBe("http://git--acme--api.artifacts.localhost:3001");
    const request = parseArtifactRequestPath(url.pathname);
    expect(request).toMatchObject({ jobNumber: 7, nodeIndex: 1, path: "run-1/b.html" });
    const scope = { projectId: projects.private ?? "", jobNumber: 7 };
    expect(verifyArtifactToken(request.token ?? "", secret, scope, now)).toBe(true);
    expect(
      verifyArtifactToken(request.token ?? "", secret, scope, new Date(now.getTime() + 61_000)),
    ).toBe(false);
    expect(items[0]?.url).toMatch(/\/7\/a%20b\.txt$/);
  });

  it("gives a public project's artifacts plain links", async () => {
    const { items } = await listJobArtifacts(database.db, admin, "git/acme/web", 7, {
      ...settings,
      baseDomain: "art.example",
    });
    expect(items.map((item) => item.url)).toEqual([
      "http://git--acme--web.art.example:3001/7/a%20b.txt",
      "http://git--acme--web.art.example:3001/7/run-0/b.html",
    ]);
  });

  it("is not found for a viewer outside the organization and for an unknown job", async () => {
    await expect(
      listJobArtifacts(database.db, stranger, "git/acme/api", 7, settings),
    ).rejects.toThrow(ApiError);
    await expect(listJobArtifacts(database.db, admin, "git/acme/api", 8, settings)).rejects.toThrow(
      /not found/i,
    );
  });
});
