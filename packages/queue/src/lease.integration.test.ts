import type { Db } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cancelWorkflow } from "./cancel.ts";
import { QueueError } from "./errors.ts";
import { expireLeases } from "./expire-leases.ts";
import { finishJob } from "./finish-job.ts";
import { type LeasedJob, leaseNextJob, renewLease } from "./lease.ts";
import { configYaml, createProject, finish, pipelineFrom } from "./test-fixtures.ts";

const adminUrl = requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL);

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase(adminUrl);
  db = database.db;
});
afterAll(() => database?.drop());
afterEach(async () => {
  const open = await db.workflow.findMany({
    where: { status: { in: ["running", "on_hold", "failing"] } },
  });
  for (const workflow of open) await cancelWorkflow(db, workflow.id);
});

/** Pretends the lease ran out (a dead worker) without waiting for it. */
async function expireLeaseOf(jobId: string) {
  await db.job.update({
    where: { id: jobId },
    data: { leaseExpiresAt: new Date(Date.now() - 1000) },
  });
}

describe("leaseNextJob", () => {
  it("8 concurrent leasers over 200 jobs never lease one twice", async () => {
    const project = await createProject(db);
    const yaml = configYaml({ build: "parallelism: 50" }, ["build"]);
    for (let i = 0; i < 4; i++) await pipelineFrom(db, project.id, yaml);
    expect(await db.job.count({ where: { status: "queued" } })).toBe(200);

    const started = performance.now();
    const perWorker = await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        const mine: LeasedJob[] = [];
        for (;;) {
          const job = await leaseNextJob(db, { workerId: `w-${worker}`, leaseSeconds: 30 });
          if (!job) return mine;
          mine.push(job);
        }
      }),
    );
    const elapsed = performance.now() - started;
    const ids = perWorker.flat().map((job) => job.id);
    console.log(
      `leased 200 jobs with 8 concurrent leasers in ${elapsed.toFixed(0)} ms (per worker: ${perWorker.map((jobs) => jobs.length).join(", ")})`,
    );
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
    const running = await db.job.groupBy({
      by: ["workerId"],
      where: { status: "running" },
      _count: true,
    });
    expect(running.reduce((sum, row) => sum + row._count, 0)).toBe(200);
    for (const [worker, jobs] of perWorker.entries()) {
      const owned = running.find((row) => row.workerId === `w-${worker}`)?._count ?? 0;
      expect(owned).toBe(jobs.length);
    }
  });

  it("returns the plan, attempt and parallel index, and respects the worker's capacity", async () => {
    const project = await createProject(db);
    await pipelineFrom(db, project.id, configYaml({ build: "parallelism: 3" }, ["build"]));
    const first = await leaseNextJob(db, { workerId: "w-cap", leaseSeconds: 30, capacity: 2 });
    expect(first).toMatchObject({
      name: "build",
      attempt: 1,
      parallelism: 3,
      plan: { type: "build", executor: { kind: "docker" } },
    });
    expect(first!.leaseExpiresAt.getTime()).toBeGreaterThan(Date.now() + 25_000);
    const second = await leaseNextJob(db, { workerId: "w-cap", leaseSeconds: 30, capacity: 2 });
    expect(second).not.toBeNull();
    expect(await leaseNextJob(db, { workerId: "w-cap", leaseSeconds: 30, capacity: 2 })).toBeNull();
    expect([first!.parallelIndex, second!.parallelIndex].sort()).toEqual([0, 1]);
    const worker = await db.worker.findUniqueOrThrow({ where: { id: "w-cap" } });
    expect(worker.hostname).toBe("w-cap");
  });

  it("refuses bad arguments with clear errors", async () => {
    await expect(leaseNextJob(db, { workerId: "w", leaseSeconds: 0 })).rejects.toThrow(
      new QueueError("invalid_input", "leaseSeconds must be a positive integer, got 0"),
    );
    await expect(leaseNextJob(db, { workerId: "", leaseSeconds: 30 })).rejects.toThrow(
      /workerId is required/,
    );
    await expect(
      finishJob(db, { jobId: "x", workerId: "w", attempt: 1, status: "queued" as never }),
    ).rejects.toThrow(/a job finishes as one of success, failed/);
  });
});

describe("leases", () => {
  it("renewal extends the lease; stale (workerId, attempt) can neither renew nor finish", async () => {
    const project = await createProject(db);
    await pipelineFrom(db, project.id, configYaml({ build: "" }, ["build"]));
    const job = (await leaseNextJob(db, { workerId: "w-a", leaseSeconds: 5 }))!;
    expect(await renewLease(db, job.id, "w-a", 1, 60)).toBe(true);
    const renewed = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(renewed.leaseExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(await renewLease(db, job.id, "w-b", 1, 60)).toBe(false);
    expect(await renewLease(db, job.id, "w-a", 2, 60)).toBe(false);
    expect(
      await finishJob(db, { jobId: job.id, workerId: "w-a", attempt: 2, status: "success" }),
    ).toEqual({
      accepted: false,
      reason: "lease_lost",
    });
    expect((await db.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("running");
  });

  it("an expired lease is retried as attempt + 1, the old holder is fenced off, and after max attempts it is infrastructure_fail", async () => {
    const project = await createProject(db);
    const created = await pipelineFrom(
      db,
      project.id,
      configYaml({ build: "", deploy: "" }, ["build", "deploy: {requires: [build]}"]),
    );
    const first = (await leaseNextJob(db, { workerId: "w-dead-1", leaseSeconds: 30 }))!;
    await expireLeaseOf(first.id);

    const sweep1 = await expireLeases(db, { maxAttempts: 2 });
    expect(sweep1).toEqual({
      requeued: [{ jobId: first.id, attempt: 2 }],
      failed: [],
      deadWorkerIds: ["w-dead-1"],
    });
    const requeued = await db.job.findUniqueOrThrow({ where: { id: first.id } });
    expect(requeued).toMatchObject({ status: "queued", attempt: 2, workerId: null });
    expect(requeued.waitingReason).toBe(
      "retrying: worker w-dead-1 stopped renewing its lease (attempt 2 of 2)",
    );
    // The dead worker comes back to life: too late.
    expect(await renewLease(db, first.id, "w-dead-1", 1, 30)).toBe(false);

    const second = (await leaseNextJob(db, { workerId: "w-dead-2", leaseSeconds: 30 }))!;
    expect(second).toMatchObject({ id: first.id, attempt: 2 });
    expect((await db.job.findUniqueOrThrow({ where: { id: first.id } })).waitingReason).toBeNull();
    expect(
      await finishJob(db, { jobId: first.id, workerId: "w-dead-1", attempt: 1, status: "success" }),
    ).toEqual({ accepted: false, reason: "lease_lost" });

    await expireLeaseOf(first.id);
    const sweep2 = await expireLeases(db, { maxAttempts: 2 });
    expect(sweep2).toMatchObject({ requeued: [], failed: [first.id], deadWorkerIds: ["w-dead-2"] });
    const failed = await db.job.findUniqueOrThrow({ where: { id: first.id } });
    expect(failed.status).toBe("infrastructure_fail");
    expect(failed.failureReason).toBe(
      "worker lost after 2 attempts: worker w-dead-2 stopped renewing its lease",
    );
    const deploy = await db.job.findFirstOrThrow({
      where: { workflowId: created.workflows[0]!.id, name: "deploy" },
    });
    expect(deploy.status).toBe("not_run");
    expect(await expireLeases(db, { maxAttempts: 2 })).toEqual({
      requeued: [],
      failed: [],
      deadWorkerIds: [],
    });
  });

  it("a lease that is renewed in time is not taken back", async () => {
    const project = await createProject(db);
    await pipelineFrom(db, project.id, configYaml({ build: "" }, ["build"]));
    const job = (await leaseNextJob(db, { workerId: "w-alive", leaseSeconds: 1 }))!;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await renewLease(db, job.id, "w-alive", 1, 1)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await expireLeases(db, { maxAttempts: 3 })).requeued).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await expireLeases(db, { maxAttempts: 3 })).requeued).toEqual([
      { jobId: job.id, attempt: 2 },
    ]);
  });
});

describe("per-project concurrency cap", () => {
  it("holds jobs back at the cap with a waiting reason, cleared when a slot frees and the job is leased", async () => {
    const capped = await createProject(db, { maxConcurrentJobs: 2 });
    const other = await createProject(db);
    await pipelineFrom(db, capped.id, configYaml({ build: "parallelism: 4" }, ["build"]));
    await pipelineFrom(db, other.id, configYaml({ lint: "" }, ["lint"]));

    const leased: LeasedJob[] = [];
    for (;;) {
      const job = await leaseNextJob(db, { workerId: "w-many", leaseSeconds: 30 });
      if (!job) break;
      leased.push(job);
    }
    expect(leased.filter((job) => job.projectId === capped.id)).toHaveLength(2);
    expect(leased.filter((job) => job.projectId === other.id)).toHaveLength(1);
    const waiting = await db.job.findMany({ where: { projectId: capped.id, status: "queued" } });
    expect(waiting).toHaveLength(2);
    for (const job of waiting) {
      expect(job.waitingReason).toBe("waiting: project concurrency limit 2 reached (2 running)");
    }

    await finish(
      db,
      leased.find((job) => job.projectId === capped.id),
      "success",
      "w-many",
    );
    const freed = await db.job.findMany({ where: { projectId: capped.id, status: "queued" } });
    expect(freed.map((job) => job.waitingReason)).toEqual([null, null]);

    const next = (await leaseNextJob(db, { workerId: "w-many", leaseSeconds: 30 }))!;
    expect(next.projectId).toBe(capped.id);
    expect((await db.job.findUniqueOrThrow({ where: { id: next.id } })).waitingReason).toBeNull();
    const last = await db.job.findFirstOrThrow({
      where: { projectId: capped.id, status: "queued" },
    });
    expect(last.waitingReason).toBe("waiting: project concurrency limit 2 reached (2 running)");
    expect(await leaseNextJob(db, { workerId: "w-many", leaseSeconds: 30 })).toBeNull();
  });

  it("concurrent leasers never exceed the cap", async () => {
    const capped = await createProject(db, { maxConcurrentJobs: 3 });
    await pipelineFrom(db, capped.id, configYaml({ build: "parallelism: 20" }, ["build"]));
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, worker) =>
        leaseNextJob(db, { workerId: `w-race-${worker}`, leaseSeconds: 30 }),
      ),
    );
    expect(results.filter((job) => job !== null)).toHaveLength(3);
    expect(await db.job.count({ where: { projectId: capped.id, status: "running" } })).toBe(3);
  });
});
