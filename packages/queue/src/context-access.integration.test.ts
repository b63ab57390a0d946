// Context restrictions decided at dispatch, on a real PostgreSQL: a job that may not use a
// context never reaches the queue; it ends `unauthorized` with its reason, its dependents
// do not run, the workflow and pipeline roll up to `unauthorized`, and the refusal is in
// the audit log. The job's actor is whoever started the pipeline, or the approver of the
// approval job it waits for.
import { compileConfig } from "@cairn/config";
import type { Db, User } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveJob } from "./approve-job.ts";
import { checkContextAccess } from "./context-access.ts";
import { createPipeline } from "./create-pipeline.ts";
import { finishJob } from "./finish-job.ts";
import { leaseNextJob } from "./lease.ts";
import { createProject, statusesOf } from "./test-fixtures.ts";

let database: TestDatabase;
let db: Db;
let member: User;
let stranger: User;
let approver: User;
let project: Awaited<ReturnType<typeof createProject>>;
let otherProjectId: string;

const job = (context: string, extra = "") =>
  `    docker: [{image: cimg/base:stable}]\n    steps: [{run: echo ${context}}]${extra}`;

const CONFIG = `version: 2.1
jobs:
  open: {docker: [{image: cimg/base:stable}], steps: [{run: echo open}]}
  by-project:
${job("p")}
  other-project:
${job("o")}
  by-group:
${job("g")}
  missing:
${job("m")}
  after-refusal:
${job("a")}
workflows:
  main:
    jobs:
      - open: {context: [open-ctx]}
      - by-project: {context: [project-ctx]}
      - other-project: {context: [foreign-ctx]}
      - by-group: {context: [group-ctx]}
      - missing: {context: [nowhere]}
      - after-refusal: {requires: [other-project]}
`;

const APPROVAL_CONFIG = `version: 2.1
jobs:
  deploy:
${job("d")}
workflows:
  main:
    jobs:
      - hold: {type: approval}
      - deploy: {requires: [hold], context: [group-ctx]}
`;

async function pipeline(yaml: string, actorId: string | undefined) {
  return createPipeline(db, {
    projectId: project.id,
    trigger: { type: "api", actorId },
    branch: "main",
    sha: "0123456789abcdef0123456789abcdef01234567",
    configSource: yaml,
    compiled: compileConfig(yaml, { branch: "main" }),
  });
}

beforeAll(async () => {
  database = await createTestDatabase(requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL));
  db = database.db;
  project = await createProject(db);
  member = await db.user.create({ data: { login: "member", email: "m@ctx.test" } });
  stranger = await db.user.create({ data: { login: "stranger", email: "s@ctx.test" } });
  approver = await db.user.create({ data: { login: "approver", email: "a@ctx.test" } });
  const other = await db.project.create({
    data: {
      organizationId: project.organizationId,
      provider: "git",
      repoUrl: "ssh://git@git.example.com/acme/other.git",
      owner: "acme",
      name: "other",
      slug: `git/acme/other-${project.id}`,
    },
  });
  otherProjectId = other.id;
  const organizationId = project.organizationId;
  const group = await db.group.create({
    data: {
      organizationId,
      name: "deployers",
      members: { create: [{ userId: member.id }, { userId: approver.id }] },
    },
  });
  await db.context.create({ data: { organizationId, name: "open-ctx" } });
  await db.context.create({
    data: {
      organizationId,
      name: "project-ctx",
      restrictions: { create: { type: "project", value: project.id } },
    },
  });
  await db.context.create({
    data: {
      organizationId,
      name: "foreign-ctx",
      restrictions: { create: { type: "project", value: otherProjectId } },
    },
  });
  await db.context.create({
    data: {
      organizationId,
      name: "group-ctx",
      restrictions: { create: { type: "group", value: group.id } },
    },
  });
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe("context restrictions at dispatch", () => {
  it("queues allowed jobs and ends refused ones unauthorized, never queued", async () => {
    const created = await pipeline(CONFIG, member.id);
    const workflowId = created.workflows[0]!.id;
    expect(await statusesOf(db, workflowId)).toEqual({
      open: "queued",
      "by-project": "queued",
      "by-group": "queued",
      "other-project": "unauthorized",
      missing: "unauthorized",
      "after-refusal": "not_run",
    });
    const refused = await db.job.findMany({
      where: { workflowId, status: "unauthorized" },
      orderBy: { name: "asc" },
    });
    expect(refused.map((row) => [row.name, row.failureReason])).toEqual([
      ["missing", 'unauthorized: context "nowhere" does not exist in this project\'s organization'],
      ["other-project", 'unauthorized: context "foreign-ctx" is restricted to other projects'],
    ]);
    // Never leased, never started: no worker, no start time.
    expect(refused.every((row) => row.workerId === null && row.startedAt === null)).toBe(true);
    expect(created.queuedJobIds).toHaveLength(3);
  });

  it("rolls the workflow and the pipeline up to unauthorized once the rest succeeds", async () => {
    const created = await pipeline(CONFIG, member.id);
    const workflowId = created.workflows[0]!.id;
    for (;;) {
      const leased = await leaseNextJob(db, { workerId: "w-ctx", leaseSeconds: 30 });
      if (!leased) break;
      if (leased.workflowId !== workflowId) continue;
      await finishJob(db, {
        jobId: leased.id,
        workerId: "w-ctx",
        attempt: leased.attempt,
        status: "success",
      });
    }
    const workflow = await db.workflow.findUniqueOrThrow({ where: { id: workflowId } });
    expect(workflow.status).toBe("unauthorized");
    const row = await db.pipeline.findUniqueOrThrow({ where: { id: created.pipelineId } });
    expect(row.status).toBe("unauthorized");
  });

  it("refuses a group-restricted context to an actor outside the group", async () => {
    const created = await pipeline(CONFIG, stranger.id);
    const byGroup = await db.job.findFirstOrThrow({
      where: { workflowId: created.workflows[0]!.id, name: "by-group" },
    });
    expect(byGroup.status).toBe("unauthorized");
    expect(byGroup.failureReason).toBe(
      'unauthorized: context "group-ctx" is restricted to groups that stranger is not a member of',
    );
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "context.use", targetId: byGroup.id },
    });
    expect(audit).toMatchObject({
      success: false,
      actorId: stranger.id,
      actorType: "user",
      actorName: "stranger",
      projectId: project.id,
      organizationId: project.organizationId,
    });
    expect(audit.metadata).toMatchObject({ contexts: ["group-ctx"] });
  });

  it("refuses a group restriction when no Cairn user started the pipeline", async () => {
    const created = await pipeline(CONFIG, undefined);
    const byGroup = await db.job.findFirstOrThrow({
      where: { workflowId: created.workflows[0]!.id, name: "by-group" },
    });
    expect(byGroup.status).toBe("unauthorized");
    expect(byGroup.failureReason).toMatch(/not started by a Cairn user/);
  });

  it("lets a worker end a job unauthorized when a restriction came after it was queued", async () => {
    const organizationId = project.organizationId;
    const late = await db.context.create({ data: { organizationId, name: "late-ctx" } });
    const yaml = `version: 2.1
jobs:
  late:
${job("l")}
workflows:
  main:
    jobs:
      - late: {context: [late-ctx]}
`;
    const created = await pipeline(yaml, member.id);
    const workflowId = created.workflows[0]!.id;
    expect(await statusesOf(db, workflowId)).toEqual({ late: "queued" });
    await db.contextRestriction.create({
      data: { contextId: late.id, type: "project", value: otherProjectId },
    });
    let leased = await leaseNextJob(db, { workerId: "w-late", leaseSeconds: 30 });
    while (leased && leased.workflowId !== workflowId) {
      leased = await leaseNextJob(db, { workerId: "w-late", leaseSeconds: 30 });
    }
    const access = await checkContextAccess(db, workflowId, {
      id: leased!.id,
      name: leased!.name,
      contexts: leased!.contexts,
      requires: {},
    });
    expect(access).toEqual({
      allowed: false,
      reason: 'unauthorized: context "late-ctx" is restricted to other projects',
      actorId: member.id,
    });
    if (access.allowed) return;
    const finished = await finishJob(db, {
      jobId: leased!.id,
      workerId: "w-late",
      attempt: leased!.attempt,
      status: "unauthorized",
      failureReason: access.reason,
    });
    expect(finished.accepted).toBe(true);
    const workflow = await db.workflow.findUniqueOrThrow({ where: { id: workflowId } });
    expect(workflow.status).toBe("unauthorized");
  });

  it("judges a job after an approval by its approver, not by who pushed", async () => {
    const allowed = await pipeline(APPROVAL_CONFIG, stranger.id);
    const [hold] = await db.job.findMany({
      where: { workflowId: allowed.workflows[0]!.id, name: "hold" },
    });
    await approveJob(db, hold!.id, { approvedById: approver.id });
    expect(await statusesOf(db, allowed.workflows[0]!.id)).toMatchObject({ deploy: "queued" });

    const refused = await pipeline(APPROVAL_CONFIG, member.id);
    const [hold2] = await db.job.findMany({
      where: { workflowId: refused.workflows[0]!.id, name: "hold" },
    });
    await approveJob(db, hold2!.id, { approvedById: stranger.id });
    expect(await statusesOf(db, refused.workflows[0]!.id)).toMatchObject({
      hold: "success",
      deploy: "unauthorized",
    });
  });
});
