import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "./client.ts";
import { isUniqueViolation } from "./errors.ts";
import { Prisma } from "./generated/prisma/client.ts";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "./testing.ts";
import { allocateJobNumbers, allocatePipelineNumber, withTransaction } from "./transactions.ts";

const adminUrl = requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL);

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase(adminUrl);
  db = database.db;
});
afterAll(async () => {
  await database?.drop();
});

let unique = 0;
const next = () => `${Date.now().toString(36)}-${++unique}`;

async function createProject() {
  const id = next();
  const organization = await db.organization.create({ data: { name: id, slug: `org-${id}` } });
  return db.project.create({
    data: {
      organizationId: organization.id,
      provider: "git",
      repoUrl: `ssh://git@git.example.com/acme/${id}.git`,
      owner: "acme",
      name: id,
      slug: `git/acme/${id}`,
    },
  });
}

function pipelineData(projectId: string, number: number) {
  return {
    projectId,
    number,
    triggerType: "webhook" as const,
    actorLogin: "alice",
    branch: "main",
    revision: "0123456789abcdef0123456789abcdef01234567",
    targetRepositoryUrl: "ssh://git@git.example.com/acme/repo.git",
    originRepositoryUrl: "ssh://git@git.example.com/acme/repo.git",
  };
}

async function createJob(projectId: string, number: number) {
  const pipeline = await db.pipeline.create({ data: pipelineData(projectId, number) });
  const workflow = await db.workflow.create({ data: { pipelineId: pipeline.id, name: "build" } });
  const job = await db.job.create({
    data: { workflowId: workflow.id, projectId, name: "test", number, status: "queued" },
  });
  return { pipeline, workflow, job };
}

async function expectUniqueViolation(write: Promise<unknown>, constraint: string) {
  const error = await write.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected a violation of ${constraint}`).toBeInstanceOf(
    Prisma.PrismaClientKnownRequestError,
  );
  expect(isUniqueViolation(error)).toBe(true);
  expect(isUniqueViolation(error, constraint)).toBe(true);
  expect(isUniqueViolation(error, "some_other_key")).toBe(false);
}

describe("unique constraints", () => {
  it("pipeline numbers are unique per project, not across projects", async () => {
    const project = await createProject();
    const other = await createProject();
    await db.pipeline.create({ data: pipelineData(project.id, 1) });
    await db.pipeline.create({ data: pipelineData(other.id, 1) });
    await expectUniqueViolation(
      db.pipeline.create({ data: pipelineData(project.id, 1) }),
      "pipelines_project_id_number_key",
    );
  });

  it("log chunk seq is unique per job", async () => {
    const project = await createProject();
    const { job } = await createJob(project.id, 1);
    const { job: otherJob } = await createJob(project.id, 2);
    const chunk = { seq: 0, stepIndex: 0, data: new Uint8Array([104, 105]) };
    await db.logChunk.create({ data: { jobId: job.id, ...chunk } });
    await db.logChunk.create({ data: { jobId: otherJob.id, ...chunk } });
    await expectUniqueViolation(
      db.logChunk.create({ data: { jobId: job.id, ...chunk } }),
      "log_chunks_pkey",
    );
  });

  it("a webhook delivery id is recorded once per provider", async () => {
    const deliveryId = `delivery-${next()}`;
    await db.webhookDelivery.create({ data: { provider: "github", deliveryId, event: "push" } });
    await db.webhookDelivery.create({ data: { provider: "gitlab", deliveryId, event: "push" } });
    await expectUniqueViolation(
      db.webhookDelivery.create({ data: { provider: "github", deliveryId, event: "push" } }),
      "webhook_deliveries_provider_delivery_id_key",
    );
  });
});

describe("deleting a project", () => {
  it("removes its pipelines, workflows, jobs and logs, and keeps its webhook deliveries", async () => {
    const project = await createProject();
    const { pipeline, workflow, job } = await createJob(project.id, 1);
    await db.step.create({ data: { jobId: job.id, index: 0, name: "checkout" } });
    await db.logChunk.create({ data: { jobId: job.id, seq: 0, data: new Uint8Array([1]) } });
    const delivery = await db.webhookDelivery.create({
      data: {
        provider: "git",
        deliveryId: next(),
        event: "push",
        projectId: project.id,
        pipelineId: pipeline.id,
      },
    });

    await db.project.delete({ where: { id: project.id } });

    expect(await db.pipeline.count({ where: { projectId: project.id } })).toBe(0);
    expect(await db.workflow.findUnique({ where: { id: workflow.id } })).toBeNull();
    expect(await db.job.findUnique({ where: { id: job.id } })).toBeNull();
    expect(await db.step.count({ where: { jobId: job.id } })).toBe(0);
    expect(await db.logChunk.count({ where: { jobId: job.id } })).toBe(0);
    const kept = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(kept).toMatchObject({ projectId: null, pipelineId: null });
  });
});

describe("log chunks", () => {
  it("round-trip arbitrary bytes (every byte value, invalid UTF-8, NUL) through bytea", async () => {
    const project = await createProject();
    const { job } = await createJob(project.id, 1);
    const data = new Uint8Array(256 * 4);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7) % 256;
    data.set([0xff, 0xfe, 0x00, 0xc3, 0x28], 0); // not UTF-8, with a NUL

    await db.logChunk.create({ data: { jobId: job.id, seq: 0, stepIndex: 2, data } });
    const read = await db.logChunk.findUniqueOrThrow({
      where: { jobId_seq: { jobId: job.id, seq: 0 } },
    });
    expect(read.stepIndex).toBe(2);
    expect(Buffer.from(read.data ?? []).equals(Buffer.from(data))).toBe(true);
  });

  it("are read back in seq order after a given seq", async () => {
    const project = await createProject();
    const { job } = await createJob(project.id, 1);
    await db.logChunk.createMany({
      data: [3, 0, 2, 1].map((seq) => ({ jobId: job.id, seq, data: Buffer.from(`#${seq}`) })),
    });
    const after = await db.logChunk.findMany({
      where: { jobId: job.id, seq: { gt: 0 } },
      orderBy: { seq: "asc" },
    });
    expect(after.map((chunk) => Buffer.from(chunk.data ?? []).toString())).toEqual([
      "#1",
      "#2",
      "#3",
    ]);
  });
});

describe("helpers", () => {
  it("allocatePipelineNumber hands out 1, 2, 3… without duplicates under concurrency", async () => {
    const project = await createProject();
    const numbers = await Promise.all(
      Array.from({ length: 8 }, () =>
        db.$transaction(async (tx) => {
          const number = await allocatePipelineNumber(tx, project.id);
          await tx.pipeline.create({ data: pipelineData(project.id, number) });
          return number;
        }),
      ),
    );
    expect([...numbers].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("allocateJobNumbers reserves consecutive ranges", async () => {
    const project = await createProject();
    const first = await db.$transaction((tx) => allocateJobNumbers(tx, project.id, 3));
    const second = await db.$transaction((tx) => allocateJobNumbers(tx, project.id, 2));
    expect([first, second]).toEqual([1, 4]);
  });

  it("withTransaction retries a serializable transaction that lost a conflict", async () => {
    const project = await createProject();
    let attempts = 0;
    // Both read the count, then both insert `key-<count>`: one of them must be retried.
    const saveNextCache = () =>
      withTransaction(
        db,
        async (tx) => {
          attempts++;
          const count = await tx.cache.count({ where: { projectId: project.id } });
          await new Promise((resolve) => setTimeout(resolve, 100));
          return tx.cache.create({
            data: { projectId: project.id, key: `key-${count}`, storagePath: "x", size: 1n },
          });
        },
        { isolationLevel: Prisma.TransactionIsolationLevel.Serializable, maxAttempts: 5 },
      );
    const saved = await Promise.all([saveNextCache(), saveNextCache()]);
    expect(saved.map((cache) => cache.key).sort()).toEqual(["key-0", "key-1"]);
    expect(attempts).toBeGreaterThan(2);
  });

  it("a malformed id finds nothing instead of failing", async () => {
    expect(await db.pipeline.findUnique({ where: { id: "not-a-uuid" } })).toBeNull();
  });
});
