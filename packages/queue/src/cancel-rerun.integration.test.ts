import type { Db } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cancelJob, cancelWorkflow } from "./cancel.ts";
import { QueueError } from "./errors.ts";
import { finishJob } from "./finish-job.ts";
import { renewLease } from "./lease.ts";
import { QueueListener } from "./listener.ts";
import { rerunWorkflow } from "./rerun-workflow.ts";
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
let listener: QueueListener;
beforeAll(async () => {
  database = await createTestDatabase(adminUrl);
  db = database.db;
  listener = await QueueListener.connect(database.url);
});
afterAll(async () => {
  await listener?.close();
  await database?.drop();
});
afterEach(async () => {
  const open = await db.workflow.findMany({
    where: { status: { in: ["running", "on_hold", "failing"] } },
  });
  for (const workflow of open) await cancelWorkflow(db, workflow.id);
});

function nextCanceled(): Promise<string[]> {
  const seen: string[] = [];
  return new Promise((resolve) => {
    const stop = listener.onCanceled((jobId) => {
      seen.push(jobId);
      setTimeout(() => {
        stop();
        resolve(seen);
      }, 100);
    });
  });
}

const PIPELINE = configYaml({ build: "", lint: "", test: "", deploy: "" }, [
  "build",
  "lint",
  "test: {requires: [build]}",
  "deploy: {requires: [test, lint]}",
]);

describe("cancel", () => {
  it("cancels a running job: notified, renew and finish refused, dependents not_run", async () => {
    const project = await createProject(db);
    const created = await pipelineFrom(db, project.id, PIPELINE);
    const workflowId = created.workflows[0]!.id;
    const leased = await leaseAll(db);
    const build = leased.get("build")!;

    const heard = nextCanceled();
    const result = await cancelJob(db, build.id);
    expect(result).toEqual({ canceledJobIds: [build.id], stoppedJobIds: [build.id] });
    expect(await heard).toEqual([build.id]);

    expect(await renewLease(db, build.id, "w-test", build.attempt, 30)).toBe(false);
    expect(
      await finishJob(db, {
        jobId: build.id,
        workerId: "w-test",
        attempt: build.attempt,
        status: "failed",
      }),
    ).toEqual({ accepted: false, reason: "canceled" });
    expect(await statusesOf(db, workflowId)).toMatchObject({
      build: "canceled",
      test: "not_run",
      deploy: "not_run",
      lint: "running",
    });
    expect(await cancelJob(db, build.id)).toEqual({ canceledJobIds: [], stoppedJobIds: [] });
    await finish(db, leased.get("lint"), "success");
    expect((await db.workflow.findUniqueOrThrow({ where: { id: workflowId } })).status).toBe(
      "canceled",
    );
  });

  it("cancels a workflow: every unfinished job canceled, running ones notified", async () => {
    const project = await createProject(db);
    const user = await db.user.create({ data: { login: "bob" } });
    const created = await pipelineFrom(db, project.id, PIPELINE);
    const workflowId = created.workflows[0]!.id;
    const leased = await leaseAll(db);
    await finish(db, leased.get("lint"), "success");

    const heard = nextCanceled();
    const result = await cancelWorkflow(db, workflowId, { canceledById: user.id });
    expect(result.stoppedJobIds).toEqual([leased.get("build")!.id]);
    expect(result.canceledJobIds).toHaveLength(3);
    expect(await heard).toEqual([leased.get("build")!.id]);
    expect(await statusesOf(db, workflowId)).toEqual({
      build: "canceled",
      lint: "success",
      test: "canceled",
      deploy: "canceled",
    });
    const workflow = await db.workflow.findUniqueOrThrow({ where: { id: workflowId } });
    expect(workflow).toMatchObject({ status: "canceled", canceledById: user.id });
    expect(
      (await db.pipeline.findUniqueOrThrow({ where: { id: created.pipelineId } })).status,
    ).toBe("canceled");
  });

  it("says so for an unknown workflow or job", async () => {
    await expect(cancelWorkflow(db, "nope")).rejects.toThrow(
      new QueueError("not_found", "workflow nope not found"),
    );
    await expect(cancelJob(db, "nope")).rejects.toThrow(/job nope not found/);
  });
});

describe("rerun", () => {
  /** build fails; lint succeeds; test and deploy not_run. */
  async function failedWorkflow() {
    const project = await createProject(db);
    const created = await pipelineFrom(db, project.id, PIPELINE);
    const leased = await leaseAll(db);
    await finish(db, leased.get("build"), "failed");
    await finish(db, leased.get("lint"), "success");
    const workflowId = created.workflows[0]!.id;
    expect((await db.workflow.findUniqueOrThrow({ where: { id: workflowId } })).status).toBe(
      "failed",
    );
    return { created, workflowId, leased };
  }

  it("reruns a whole workflow as a new workflow with new job numbers", async () => {
    const { created, workflowId } = await failedWorkflow();
    const rerun = await rerunWorkflow(db, workflowId);
    expect(rerun.rerunJobNames.sort()).toEqual(["build", "deploy", "lint", "test"]);
    const workflow = await db.workflow.findUniqueOrThrow({ where: { id: rerun.workflowId } });
    expect(workflow).toMatchObject({ name: "main", rerunOfId: workflowId, status: "running" });
    expect(await statusesOf(db, rerun.workflowId)).toEqual({
      build: "queued",
      lint: "queued",
      test: "blocked",
      deploy: "blocked",
    });
    const numbers = await db.job.findMany({
      where: { workflowId: rerun.workflowId },
      select: { number: true },
    });
    expect(numbers.map((job) => job.number).sort()).toEqual([5, 6, 7, 8]);
    // The pipeline follows the rerun now, no longer the failed original.
    expect(
      (await db.pipeline.findUniqueOrThrow({ where: { id: created.pipelineId } })).status,
    ).toBe("running");
  });

  it("reruns from failed: successful jobs are copied as success, the rest runs again", async () => {
    const { workflowId, leased } = await failedWorkflow();
    const rerun = await rerunWorkflow(db, workflowId, { fromFailed: true });
    expect(rerun.rerunJobNames.sort()).toEqual(["build", "deploy", "test"]);
    expect(await statusesOf(db, rerun.workflowId)).toEqual({
      build: "queued",
      lint: "success",
      test: "blocked",
      deploy: "blocked",
    });
    const lint = await db.job.findFirstOrThrow({
      where: { workflowId: rerun.workflowId, name: "lint" },
    });
    expect(lint).toMatchObject({ copiedFromId: leased.get("lint")!.id, number: null });
    expect(rerun.queuedJobIds).toHaveLength(1);

    const again = await leaseAll(db);
    await finish(db, again.get("build"), "success");
    await finish(db, (await leaseAll(db)).get("test"), "success");
    await finish(db, (await leaseAll(db)).get("deploy"), "success");
    expect((await db.workflow.findUniqueOrThrow({ where: { id: rerun.workflowId } })).status).toBe(
      "success",
    );
    await expect(rerunWorkflow(db, rerun.workflowId, { fromFailed: true })).rejects.toThrow(
      /every job succeeded/,
    );
  });

  it("reruns one job with what depends on it; the others keep their outcome", async () => {
    const { workflowId, leased } = await failedWorkflow();
    const rerun = await rerunWorkflow(db, workflowId, { jobIds: [leased.get("lint")!.id] });
    expect(rerun.rerunJobNames.sort()).toEqual(["deploy", "lint"]);
    expect(await statusesOf(db, rerun.workflowId)).toEqual({
      build: "failed",
      lint: "queued",
      test: "not_run",
      // deploy requires test, which stays not_run: it cannot run.
      deploy: "not_run",
    });
  });

  it("refuses to rerun a running workflow or mixed options", async () => {
    const project = await createProject(db);
    const created = await pipelineFrom(db, project.id, PIPELINE);
    const workflowId = created.workflows[0]!.id;
    await expect(rerunWorkflow(db, workflowId)).rejects.toThrow(
      /only a finished workflow can be rerun/,
    );
    await expect(
      rerunWorkflow(db, workflowId, { fromFailed: true, jobIds: ["x"] }),
    ).rejects.toThrow(/not both/);
    await cancelWorkflow(db, workflowId);
    await expect(rerunWorkflow(db, workflowId, { jobIds: ["not-in-it"] })).rejects.toThrow(
      /job not-in-it is not in this workflow/,
    );
  });
});
