import { compileConfig } from "@cairn/config";
import type { Db } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { approveJob } from "./approve-job.ts";
import { cancelWorkflow } from "./cancel.ts";
import { createPipeline } from "./create-pipeline.ts";
import { QueueError } from "./errors.ts";
import {
  configYaml,
  createProject,
  finish,
  leaseAll,
  pipelineFrom,
  statusesOf,
} from "./test-fixtures.ts";

const adminUrl = requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL);

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase(adminUrl);
  db = database.db;
});
afterAll(() => database?.drop());
// Each test leaves no queued job behind for the next one's leases.
afterEach(async () => {
  const open = await db.workflow.findMany({
    where: { status: { in: ["running", "on_hold", "failing"] } },
  });
  for (const workflow of open) await cancelWorkflow(db, workflow.id);
});

const JOBS = { build: "", lint: "", test: "", deploy: "" };

describe("createPipeline", () => {
  it("stores pipeline, workflow and jobs with plan, requires and numbers; roots start queued", async () => {
    const project = await createProject(db);
    const yaml = configYaml(JOBS, [
      "build",
      "lint",
      "test: {requires: [build, lint]}",
      "deploy: {requires: [test]}",
    ]);
    const created = await pipelineFrom(db, project.id, yaml);
    const pipeline = await db.pipeline.findUniqueOrThrow({ where: { id: created.pipelineId } });
    expect(pipeline).toMatchObject({ state: "created", status: "running", number: 1 });
    expect(pipeline.configSource).toBe(yaml);
    expect(created.workflows).toHaveLength(1);
    const jobs = await db.job.findMany({
      where: { workflowId: created.workflows[0]!.id },
      orderBy: { number: "asc" },
    });
    expect(jobs.map((job) => [job.name, job.number, job.status])).toEqual([
      ["build", 1, "queued"],
      ["lint", 2, "queued"],
      ["test", 3, "blocked"],
      ["deploy", 4, "blocked"],
    ]);
    expect(jobs[2]!.requires).toEqual({ build: ["success"], lint: ["success"] });
    expect(jobs[2]!.plan).toMatchObject({ type: "build", name: "test", jobName: "test" });
    expect(created.queuedJobIds.sort()).toEqual([jobs[0]!.id, jobs[1]!.id].sort());
  });

  it("stores a config that does not compile as an errored pipeline with its errors", async () => {
    const project = await createProject(db);
    const yaml =
      "version: 2.1\njobs:\n  build: {steps: [checkout]}\nworkflows: {main: {jobs: [nope]}}\n";
    const compiled = compileConfig(yaml);
    expect(compiled.ok).toBe(false);
    const created = await createPipeline(db, {
      projectId: project.id,
      trigger: { type: "api" },
      sha: "abc",
      parameters: {},
      configSource: yaml,
      compiled,
    });
    const pipeline = await db.pipeline.findUniqueOrThrow({ where: { id: created.pipelineId } });
    expect(pipeline).toMatchObject({ state: "errored", status: "error", actorLogin: "system" });
    const errors = pipeline.configErrors as { type: string; line: number; message: string }[];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ type: "config", line: expect.any(Number) });
    expect(await db.workflow.count({ where: { pipelineId: created.pipelineId } })).toBe(0);
  });

  it("refuses a bad trigger type with a clear error", async () => {
    const project = await createProject(db);
    const yaml = configYaml({ build: "" }, ["build"]);
    await expect(
      createPipeline(db, {
        projectId: project.id,
        trigger: { type: "push" as never },
        sha: "abc",
        configSource: yaml,
        compiled: compileConfig(yaml),
      }),
    ).rejects.toThrow(/trigger type must be one of webhook, api, explicit, schedule/);
  });

  it("refuses an unknown project with a clear error", async () => {
    const yaml = configYaml({ build: "" }, ["build"]);
    await expect(pipelineFrom(db, "no-such-project", yaml)).rejects.toThrow(
      new QueueError("not_found", "project no-such-project not found"),
    );
  });
});

describe("DAG progression", () => {
  it("fans in: a job waits for all it requires, then the workflow succeeds", async () => {
    const project = await createProject(db);
    const created = await pipelineFrom(
      db,
      project.id,
      configYaml(JOBS, [
        "build",
        "lint",
        "test: {requires: [build, lint]}",
        "deploy: {requires: [test]}",
      ]),
    );
    const workflowId = created.workflows[0]!.id;
    const first = await leaseAll(db);
    expect([...first.keys()].sort()).toEqual(["build", "lint"]);

    await finish(db, first.get("build"), "success");
    expect(await statusesOf(db, workflowId)).toMatchObject({ test: "blocked", lint: "running" });
    const { queuedJobIds } = await finish(db, first.get("lint"), "success");
    expect(queuedJobIds).toHaveLength(1);
    expect(await statusesOf(db, workflowId)).toMatchObject({ test: "queued", deploy: "blocked" });

    await finish(db, (await leaseAll(db)).get("test"), "success");
    await finish(db, (await leaseAll(db)).get("deploy"), "success");
    const workflow = await db.workflow.findUniqueOrThrow({ where: { id: workflowId } });
    expect(workflow.status).toBe("success");
    expect(workflow.stoppedAt).not.toBeNull();
    const pipeline = await db.pipeline.findUniqueOrThrow({ where: { id: created.pipelineId } });
    expect(pipeline.status).toBe("success");
  });

  it("honours status maps: requires [{build: [failed]}] runs after build failed", async () => {
    const project = await createProject(db);
    const created = await pipelineFrom(
      db,
      project.id,
      configYaml({ build: "", notify: "", cleanup: "" }, [
        "build",
        "notify: {requires: [{build: [failed]}]}",
        "cleanup: {requires: [{build: terminal}]}",
      ]),
    );
    const workflowId = created.workflows[0]!.id;
    await finish(db, (await leaseAll(db)).get("build"), "failed");
    expect(await statusesOf(db, workflowId)).toEqual({
      build: "failed",
      notify: "queued",
      cleanup: "queued",
    });
    const workflow = await db.workflow.findUniqueOrThrow({ where: { id: workflowId } });
    expect(workflow.status).toBe("failing");
  });

  it("a status map not met makes the job not_run: {build: [failed]} after success", async () => {
    const project = await createProject(db);
    const created = await pipelineFrom(
      db,
      project.id,
      configYaml({ build: "", notify: "" }, ["build", "notify: {requires: [{build: [failed]}]}"]),
    );
    const workflowId = created.workflows[0]!.id;
    await finish(db, (await leaseAll(db)).get("build"), "success");
    expect(await statusesOf(db, workflowId)).toEqual({ build: "success", notify: "not_run" });
    const workflow = await db.workflow.findUniqueOrThrow({ where: { id: workflowId } });
    expect(workflow.status).toBe("success");
  });

  it("propagates not_run transitively after a failure; the workflow fails", async () => {
    const project = await createProject(db);
    const created = await pipelineFrom(
      db,
      project.id,
      configYaml(JOBS, [
        "build",
        "lint",
        "test: {requires: [build]}",
        "deploy: {requires: [test, lint]}",
      ]),
    );
    const workflowId = created.workflows[0]!.id;
    const leased = await leaseAll(db);
    await finish(db, leased.get("build"), "timedout");
    expect(await statusesOf(db, workflowId)).toEqual({
      build: "timedout",
      lint: "running",
      test: "not_run",
      deploy: "not_run",
    });
    expect((await db.workflow.findUniqueOrThrow({ where: { id: workflowId } })).status).toBe(
      "failing",
    );
    await finish(db, leased.get("lint"), "success");
    expect((await db.workflow.findUniqueOrThrow({ where: { id: workflowId } })).status).toBe(
      "failed",
    );
    expect(
      (await db.pipeline.findUniqueOrThrow({ where: { id: created.pipelineId } })).status,
    ).toBe("failed");
  });

  it("holds an approval until approved, then runs its dependents", async () => {
    const project = await createProject(db);
    const created = await pipelineFrom(
      db,
      project.id,
      configYaml({ build: "", deploy: "" }, [
        "build",
        "hold: {type: approval, requires: [build]}",
        "deploy: {requires: [hold]}",
      ]),
    );
    const workflowId = created.workflows[0]!.id;
    await expect(
      approveJob(db, (await db.job.findFirstOrThrow({ where: { workflowId, name: "hold" } })).id),
    ).rejects.toThrow(/blocked, not on hold/);

    await finish(db, (await leaseAll(db)).get("build"), "success");
    const hold = await db.job.findFirstOrThrow({ where: { workflowId, name: "hold" } });
    expect(hold).toMatchObject({ status: "on_hold", number: null, type: "approval" });
    expect((await db.workflow.findUniqueOrThrow({ where: { id: workflowId } })).status).toBe(
      "on_hold",
    );
    expect(
      (await db.pipeline.findUniqueOrThrow({ where: { id: created.pipelineId } })).status,
    ).toBe("on_hold");

    const { queuedJobIds } = await approveJob(db, hold.id);
    expect(queuedJobIds).toHaveLength(1);
    expect(await statusesOf(db, workflowId)).toEqual({
      build: "success",
      hold: "success",
      deploy: "queued",
    });
    await expect(approveJob(db, hold.id)).rejects.toThrow(QueueError);
  });

  it("succeeds a no-op at once and releases what follows it", async () => {
    const project = await createProject(db);
    const created = await pipelineFrom(
      db,
      project.id,
      configYaml({ gate: "no-op", build: "" }, ["gate", "build: {requires: [gate]}"]),
    );
    expect(await statusesOf(db, created.workflows[0]!.id)).toEqual({
      gate: "success",
      build: "queued",
    });
  });

  it("parallelism 3 makes 3 rows with one number; dependents wait for all 3", async () => {
    const project = await createProject(db);
    const created = await pipelineFrom(
      db,
      project.id,
      configYaml({ build: "parallelism: 3", deploy: "" }, ["build", "deploy: {requires: [build]}"]),
    );
    const workflowId = created.workflows[0]!.id;
    const rows = await db.job.findMany({ where: { workflowId, name: "build" } });
    expect(rows.map((row) => [row.number, row.parallelIndex, row.parallelism]).sort()).toEqual([
      [1, 0, 3],
      [1, 1, 3],
      [1, 2, 3],
    ]);
    const leased = await leaseAll(db);
    expect([...leased.keys()].sort()).toEqual(["build#0", "build#1", "build#2"]);
    await finish(db, leased.get("build#0"), "success");
    await finish(db, leased.get("build#2"), "success");
    expect((await statusesOf(db, workflowId)).deploy).toBe("blocked");
    await finish(db, leased.get("build#1"), "success");
    expect((await statusesOf(db, workflowId)).deploy).toBe("queued");
  });

  it("one failed parallel copy makes the dependents not_run", async () => {
    const project = await createProject(db);
    const created = await pipelineFrom(
      db,
      project.id,
      configYaml({ build: "parallelism: 2", deploy: "" }, ["build", "deploy: {requires: [build]}"]),
    );
    const workflowId = created.workflows[0]!.id;
    const leased = await leaseAll(db);
    await finish(db, leased.get("build#0"), "failed");
    expect((await statusesOf(db, workflowId)).deploy).toBe("blocked");
    await finish(db, leased.get("build#1"), "success");
    expect((await statusesOf(db, workflowId)).deploy).toBe("not_run");
  });
});
