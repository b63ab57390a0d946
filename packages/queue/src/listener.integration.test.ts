import type { Db } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leaseNextJob } from "./lease.ts";
import { QueueListener } from "./listener.ts";
import { configYaml, createProject, finish, pipelineFrom } from "./test-fixtures.ts";

const adminUrl = requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL);

let database: TestDatabase;
let db: Db;
const listeners: QueueListener[] = [];
beforeAll(async () => {
  database = await createTestDatabase(adminUrl);
  db = database.db;
});
afterAll(async () => {
  for (const listener of listeners) await listener.close();
  await database?.drop();
});

async function connect() {
  const listener = await QueueListener.connect(database.url, { reconnectDelayMs: 50 });
  listeners.push(listener);
  return listener;
}

describe("QueueListener", () => {
  it("wakes a worker that leases a newly queued job well under a second", async () => {
    const listener = await connect();
    const project = await createProject(db);
    const yaml = configYaml({ build: "", deploy: "" }, ["build", "deploy: {requires: [build]}"]);
    await pipelineFrom(db, project.id, yaml);
    const build = (await leaseNextJob(db, { workerId: "w-listen", leaseSeconds: 30 }))!;

    // A worker's loop: on NOTIFY, lease. Timed from the moment build's finish queues deploy.
    const leasedAfterWake = new Promise<{ jobName: string; at: number }>((resolve) => {
      const stop = listener.onQueued(async () => {
        const job = await leaseNextJob(db, { workerId: "w-listen", leaseSeconds: 30 });
        if (job) {
          stop();
          resolve({ jobName: job.name, at: performance.now() });
        }
      });
    });
    const started = performance.now();
    await finish(db, build, "success", "w-listen");
    const { jobName, at } = await leasedAfterWake;
    const latencyMs = at - started;
    console.log(`queued → woken → leased in ${latencyMs.toFixed(1)} ms`);
    expect(jobName).toBe("deploy");
    expect(latencyMs).toBeLessThan(1000);
  });

  it("reconnects after its connection is killed and hears notifications again", async () => {
    const listener = await connect();
    const reconnected = new Promise<void>((resolve) => listener.onReconnected(resolve));
    const killed = await db.$queryRaw<{ killed: boolean }[]>`
      SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
      WHERE datname = current_database() AND query LIKE 'LISTEN cairn_job_queued%'`;
    expect(killed.length).toBeGreaterThanOrEqual(1);
    await reconnected;

    const heard = new Promise<string>((resolve) => listener.onQueued(resolve));
    const project = await createProject(db);
    const created = await pipelineFrom(db, project.id, configYaml({ lint: "" }, ["lint"]));
    expect(await heard).toBe(created.queuedJobIds[0]);
  });

  it("fails clearly when the database cannot be reached", async () => {
    await expect(
      QueueListener.connect("postgresql://cairn:secret-password@127.0.0.1:1/none"),
    ).rejects.toThrow(/^queue listener could not LISTEN: (?!.*secret-password)/);
  });
});
