// SSH keys and rerun with SSH through tRPC and the services behind the REST routes: key
// validation and fingerprints, keys private to their owner, who may connect to a job, and
// the rerun recording who asked.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db, User } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { LocalSecretCipher } from "@cairn/secrets";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensurePersonalOrganization } from "../organizations/ensure-personal-organization.ts";
import type { Services } from "../services.ts";
import { createCaller, createTRPCContext } from "../trpc/index.ts";
import { rerunVisibleWorkflow } from "../workflows/rerun-visible-workflow.ts";

let database: TestDatabase;
let db: Db;
const people = {} as Record<"asker" | "admin" | "member" | "outsider", User>;
let workflowId: string;
let jobId: string;
const scratch = mkdtempSync(join(tmpdir(), "cairn-ssh-keys-"));

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

function publicKey(name: string) {
  const path = join(scratch, name);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", `${name}@laptop`, "-f", path]);
  const fingerprint = execFileSync("ssh-keygen", ["-l", "-f", `${path}.pub`], {
    encoding: "utf8",
  }).split(" ")[1];
  return {
    key: readFileSync(`${path}.pub`, "utf8"),
    privateKey: readFileSync(path, "utf8"),
    fingerprint,
  };
}

beforeAll(async () => {
  database = await createTestDatabase(requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL));
  db = database.db;
  for (const login of ["asker", "admin", "member", "outsider"] as const) {
    people[login] = await db.user.create({ data: { login, name: login, email: `${login}@test` } });
  }
  await ensurePersonalOrganization(db, people.outsider);
  const organization = await ensurePersonalOrganization(db, people.admin);
  await db.membership.createMany({
    data: [
      { userId: people.asker.id, organizationId: organization.id, role: "member" },
      { userId: people.member.id, organizationId: organization.id, role: "member" },
    ],
  });
  const project = await db.project.create({
    data: {
      organizationId: organization.id,
      provider: "git",
      repoUrl: "https://git.example.test/app.git",
      owner: organization.slug,
      name: "app",
      slug: `git/${organization.slug}/app`,
      lastPipelineNumber: 1,
      lastJobNumber: 1,
    },
  });
  const pipeline = await db.pipeline.create({
    data: {
      projectId: project.id,
      number: 1,
      status: "failed",
      triggerType: "api",
      actorLogin: "asker",
      branch: "main",
      revision: "a".repeat(40),
      commitSubject: "first",
      targetRepositoryUrl: "https://git.example.test/app.git",
      originRepositoryUrl: "https://git.example.test/app.git",
      workflows: { create: { name: "main", status: "failed" } },
    },
    include: { workflows: true },
  });
  workflowId = pipeline.workflows[0]?.id ?? "";
  const job = await db.job.create({
    data: {
      workflowId,
      projectId: project.id,
      name: "build",
      number: 1,
      status: "failed",
      plan: { name: "build", type: "build", requires: [], context: [], parallelism: 1, steps: [] },
      startedAt: new Date(),
      finishedAt: new Date(),
    },
  });
  jobId = job.id;
});

afterAll(async () => {
  await database?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("SSH keys", () => {
  it("stores a key with the fingerprint ssh-keygen gives, without its comment", async () => {
    const pair = publicKey("asker");
    const added = await callerFor(people.asker).ssh.addKey({ title: " laptop ", key: pair.key });
    expect(added).toMatchObject({ title: "laptop", fingerprint: pair.fingerprint });
    expect(added.public_key).toMatch(/^ssh-ed25519 AAAA[A-Za-z0-9+/=]+$/);
    expect(await callerFor(people.asker).ssh.keys()).toEqual([added]);
    const audit = await db.auditEvent.findFirst({ where: { action: "user.ssh_key.create" } });
    expect(audit).toMatchObject({ actorId: people.asker.id, targetId: added.id });
  });

  it("refuses a private key, garbage and a key the user already has, with clear messages", async () => {
    const caller = callerFor(people.asker);
    const pair = publicKey("dupe");
    await caller.ssh.addKey({ title: "one", key: pair.key });
    await expect(caller.ssh.addKey({ title: "again", key: pair.key })).rejects.toThrow(
      /already registered/,
    );
    await expect(caller.ssh.addKey({ title: "oops", key: pair.privateKey })).rejects.toThrow(
      /private key/,
    );
    await expect(caller.ssh.addKey({ title: "junk", key: "ssh-ed25519 nope" })).rejects.toThrow(
      /Not an OpenSSH public key/,
    );
    expect(await codeOf(caller.ssh.addKey({ title: "", key: pair.key }))).toBe("BAD_REQUEST");
  });

  it("keeps keys to their owner: others neither list nor remove them", async () => {
    const [key] = await callerFor(people.asker).ssh.keys();
    expect(await callerFor(people.member).ssh.keys()).toEqual([]);
    expect(await codeOf(callerFor(people.member).ssh.removeKey({ id: key!.id }))).toBe("NOT_FOUND");
    await callerFor(people.asker).ssh.removeKey({ id: key!.id });
    expect((await callerFor(people.asker).ssh.keys()).map((k) => k.id)).not.toContain(key!.id);
    expect(await codeOf(callerFor(null).ssh.keys())).toBe("UNAUTHORIZED");
  });
});

describe("rerun with SSH", () => {
  it("needs the jobs and refuses from_failed alongside", async () => {
    const asker = { ...people.asker };
    await expect(rerunVisibleWorkflow(db, asker, workflowId, { enable_ssh: true })).rejects.toThrow(
      /enable_ssh needs the jobs/,
    );
    await expect(
      rerunVisibleWorkflow(db, asker, workflowId, {
        enable_ssh: true,
        jobs: [jobId],
        from_failed: true,
      }),
    ).rejects.toThrow(/enable_ssh/);
  });

  it("records who asked on the new run; only they and project admins may connect", async () => {
    const rerun = await callerFor(people.asker).ssh.rerunJob({ id: jobId });
    expect(rerun.jobId).not.toBeNull();
    const row = await db.job.findUniqueOrThrow({ where: { id: rerun.jobId! } });
    expect(row.sshRequestedById).toBe(people.asker.id);
    expect(await callerFor(people.asker).ssh.jobState({ id: row.id })).toEqual({
      requested: true,
      mayConnect: true,
      access: null,
    });
    expect((await callerFor(people.admin).ssh.jobState({ id: row.id })).mayConnect).toBe(true);
    expect((await callerFor(people.member).ssh.jobState({ id: row.id })).mayConnect).toBe(false);
    expect(await codeOf(callerFor(people.outsider).ssh.jobState({ id: row.id }))).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(people.outsider).ssh.rerunJob({ id: jobId }))).toBe("NOT_FOUND");
    // The original run was not a rerun with SSH.
    expect(await callerFor(people.asker).ssh.jobState({ id: jobId })).toMatchObject({
      requested: false,
      mayConnect: false,
    });
  });
});
