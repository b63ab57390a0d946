// The audit trail on a real PostgreSQL: each kind of change records who, what, when, from
// where and whether it worked (refusals too); the `audit` router shows events to
// installation administrators (all) and organization owners/admins (their organization's)
// only; the CSV export has a header row and defuses formula-like cells.
import { randomBytes } from "node:crypto";
import { createSignInLink } from "@cairn/auth";
import { compileConfig } from "@cairn/config";
import type { AuditEvent, Db, Organization, Project, User } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { createPipeline } from "@cairn/queue";
import { LocalSecretCipher } from "@cairn/secrets";
import { TRPCError } from "@trpc/server";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../access/viewer.ts";
import { addContextRestriction } from "../contexts/context-restrictions.ts";
import { deleteContextVariable, setContextVariable } from "../contexts/context-variables.ts";
import { createContext, deleteContext } from "../contexts/contexts.ts";
import { deleteProjectEnvVar, upsertProjectEnvVar } from "../env-vars/project-env-vars.ts";
import { addGroupMember, createGroup } from "../groups/groups.ts";
import { updateForkPolicy } from "../project-settings/fork-policy.ts";
import type { Services } from "../services.ts";
import { signInWithLink } from "../sign-in/sign-in-with-link.ts";
import { createViewerApiToken, revokeApiToken } from "../tokens/api-tokens.ts";
import { createCaller, createTRPCContext } from "../trpc/index.ts";
import { approveVisibleJob } from "../workflows/approve-visible-job.ts";
import { auditEventsCsv } from "./audit-csv.ts";
import { auditFilterFromQuery } from "./audit-filter-query.ts";
import { recordAudit } from "./record-audit.ts";

let database: TestDatabase;
let db: Db;
let services: Services;
let admin: User;
let owner: User;
let member: User;
let outsider: User;
let acme: Organization;
let other: Organization;
let project: Project;

const IP = "203.0.113.7";
const SECRET = `s3cr3t-${randomBytes(6).toString("hex")}`;
const from = (user: User, extra: Partial<Viewer> = {}): Viewer => ({
  ...user,
  clientIp: IP,
  ...extra,
});

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    return (error as { code?: string }).code ?? String(error);
  }
}

/** The newest event of an action (the one just recorded). */
async function last(action: string): Promise<AuditEvent> {
  return db.auditEvent.findFirstOrThrow({
    where: { action },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
  });
}

const caller = (viewer: Viewer | null) => createCaller(createTRPCContext({ viewer, services }));

beforeAll(async () => {
  database = await createTestDatabase(requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL));
  db = database.db;
  services = {
    db,
    cipher: new LocalSecretCipher(randomBytes(32)),
    dataDir: "/nonexistent",
    baseUrl: "http://cairn.test",
    orbCacheDir: "/nonexistent/orbs",
  };
  admin = await db.user.create({ data: { login: "root", email: "root@a.test", isAdmin: true } });
  owner = await db.user.create({ data: { login: "olga", email: "o@a.test" } });
  member = await db.user.create({ data: { login: "mia", email: "m@a.test" } });
  outsider = await db.user.create({ data: { login: "otto", email: "x@a.test" } });
  acme = await db.organization.create({
    data: {
      name: "Acme",
      slug: "acme",
      memberships: {
        create: [
          { userId: owner.id, role: "owner" },
          { userId: member.id, role: "member" },
        ],
      },
    },
  });
  other = await db.organization.create({ data: { name: "Other", slug: "other" } });
  project = await db.project.create({
    data: {
      organizationId: acme.id,
      provider: "git",
      repoUrl: "https://git.example.test/app.git",
      owner: "acme",
      name: "app",
      slug: "git/acme/app",
    },
  });
  // An event of another organization, which acme's owner must not see.
  await recordAudit(db, {
    action: "context.create",
    actor: { id: null, type: "system", name: "elsewhere" },
    organizationId: other.id,
    success: true,
  });
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe("audit events", () => {
  it("records project variable create, update and delete with the caller and the address", async () => {
    await upsertProjectEnvVar(services, from(owner), project.slug, {
      name: "TOKEN",
      value: SECRET,
    });
    expect(await last("project.env_var.create")).toMatchObject({
      actorId: owner.id,
      actorType: "user",
      actorName: "olga",
      targetType: "env_var",
      targetName: "TOKEN",
      projectId: project.id,
      organizationId: acme.id,
      clientIp: IP,
      success: true,
    });
    await upsertProjectEnvVar(services, from(owner), project.slug, { name: "TOKEN", value: "x" });
    expect((await last("project.env_var.update")).targetName).toBe("TOKEN");
    await deleteProjectEnvVar(db, from(member), project.slug, "TOKEN");
    expect(await last("project.env_var.delete")).toMatchObject({
      actorId: member.id,
      success: true,
      projectId: project.id,
    });
  });

  it("records a refused change as a failure, with the reason", async () => {
    const refused = upsertProjectEnvVar(services, from(outsider), project.slug, {
      name: "NOPE",
      value: SECRET,
    });
    expect(await codeOf(refused)).toBe("not_found");
    const event = await last("project.env_var.create");
    expect(event).toMatchObject({ actorId: outsider.id, success: false, targetName: "NOPE" });
    expect(event.metadata).toMatchObject({ error: "Project not found" });
  });

  it("records contexts, their variables and restrictions, and names an API token caller", async () => {
    const viaToken = from(owner, { apiTokenId: "token-1" });
    const context = await createContext(services, viaToken, {
      name: "deploy",
      owner: { slug: "acme" },
    });
    expect(await last("context.create")).toMatchObject({
      actorType: "api_token",
      targetId: context.id,
      targetName: "deploy",
      organizationId: acme.id,
    });
    expect((await last("context.create")).metadata).toMatchObject({ apiTokenId: "token-1" });
    await setContextVariable(services, from(member), context.id, "KEY", SECRET);
    expect(await last("context.env_var.create")).toMatchObject({ success: true });
    await deleteContextVariable(services, from(member), context.id, "KEY");
    expect(await last("context.env_var.delete")).toMatchObject({ success: true });

    const group = await createGroup(services, from(owner), {
      name: "deployers",
      organizationSlug: "acme",
    });
    await addGroupMember(services, from(owner), group.id, member.id);
    expect(await last("group.member.add")).toMatchObject({ success: true, targetId: group.id });
    const restriction = { restriction_type: "group" as const, restriction_value: group.id };
    expect(
      await codeOf(addContextRestriction(services, from(member), context.id, restriction)),
    ).toBe("forbidden");
    expect(await last("context.restriction.create")).toMatchObject({
      success: false,
      actorId: member.id,
    });
    await addContextRestriction(services, from(owner), context.id, restriction);
    expect(await last("context.restriction.create")).toMatchObject({
      success: true,
      targetId: context.id,
    });
    await deleteContext(services, from(owner), context.id);
    expect(await last("context.delete")).toMatchObject({ success: true, targetName: "deploy" });
  });

  it("records project settings changes with what changed", async () => {
    await updateForkPolicy(db, from(owner), project.slug, {
      buildForkPullRequests: true,
      passSecretsToForks: false,
    });
    const event = await last("project.settings.update");
    expect(event).toMatchObject({ success: true, projectId: project.id, clientIp: IP });
    expect(event.metadata).toMatchObject({
      to: { buildForkPullRequests: true, passSecretsToForks: false },
    });
    expect(
      await codeOf(
        updateForkPolicy(db, from(member), project.slug, {
          buildForkPullRequests: false,
          passSecretsToForks: false,
        }),
      ),
    ).toBe("forbidden");
    expect(await last("project.settings.update")).toMatchObject({ success: false });
  });

  it("records API token creation and revocation", async () => {
    const created = await createViewerApiToken(db, from(member), "laptop");
    expect(await last("api_token.create")).toMatchObject({
      actorId: member.id,
      targetId: created.id,
      targetName: "laptop",
      success: true,
    });
    expect(JSON.stringify(await last("api_token.create"))).not.toContain(created.token);
    await revokeApiToken(db, from(member), created.id);
    expect(await last("api_token.revoke")).toMatchObject({ targetId: created.id, success: true });
  });

  it("records sign-ins by link, and a reused link as a failed one", async () => {
    const link = new URL(await createSignInLink(db, owner.id, "http://cairn.test"));
    const token = link.searchParams.get("token")!;
    expect((await signInWithLink(db, token, { clientIp: IP })).ok).toBe(true);
    expect(await last("user.sign_in")).toMatchObject({
      actorId: owner.id,
      success: true,
      clientIp: IP,
    });
    expect((await signInWithLink(db, token, { clientIp: "198.51.100.9" })).ok).toBe(false);
    const failed = await last("user.sign_in");
    expect(failed).toMatchObject({ actorId: owner.id, success: false, clientIp: "198.51.100.9" });
    expect(failed.metadata).toMatchObject({ method: "link", error: "used" });
    await signInWithLink(db, "no-such-token", { clientIp: IP });
    expect(await last("user.sign_in")).toMatchObject({ actorId: null, success: false });
  });

  it("records approvals", async () => {
    const yaml = `version: 2.1
jobs:
  deploy: {docker: [{image: cimg/base:stable}], steps: [{run: echo hi}]}
workflows:
  main:
    jobs:
      - hold: {type: approval}
      - deploy: {requires: [hold]}
`;
    const created = await createPipeline(db, {
      projectId: project.id,
      trigger: { type: "api", actorId: owner.id },
      sha: "0123456789abcdef0123456789abcdef01234567",
      configSource: yaml,
      compiled: compileConfig(yaml, { branch: "main" }),
    });
    const workflowId = created.workflows[0]!.id;
    const hold = await db.job.findFirstOrThrow({ where: { workflowId, name: "hold" } });
    await approveVisibleJob(db, from(member), workflowId, hold.id);
    expect(await last("job.approve")).toMatchObject({
      actorId: member.id,
      targetId: hold.id,
      targetName: "hold",
      projectId: project.id,
      success: true,
    });
    expect(await codeOf(approveVisibleJob(db, from(member), workflowId, hold.id))).not.toBe(
      "resolved",
    );
    expect(await last("job.approve")).toMatchObject({ success: false });
  });

  it("never stores a secret value in an event", async () => {
    const events = await db.auditEvent.findMany();
    expect(events.length).toBeGreaterThan(15);
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });
});

describe("the audit router", () => {
  it("answers each kind of caller as it should", async () => {
    const all = await caller(admin).audit.list({ limit: 200 });
    expect(all.items.some((event) => event.organizationId === other.id)).toBe(true);
    const own = await caller(owner).audit.list({ limit: 200 });
    expect(own.items.length).toBeGreaterThan(5);
    expect(own.items.every((event) => event.organizationId === acme.id)).toBe(true);
    expect(await codeOf(caller(member).audit.list({}))).toBe("NOT_FOUND");
    expect(await codeOf(caller(outsider).audit.list({}))).toBe("NOT_FOUND");
    expect(await codeOf(caller(null).audit.list({}))).toBe("UNAUTHORIZED");
    expect(await caller(owner).audit.canRead()).toBe(true);
    expect(await caller(member).audit.canRead()).toBe(false);
    expect(await codeOf(caller(admin).audit.list({ limit: 0 }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller(admin).audit.list({ cursor: "garbage" }))).toBe("BAD_REQUEST");
  });

  it("filters, and pages without gaps or repeats", async () => {
    const failures = await caller(admin).audit.list({ success: false, limit: 200 });
    expect(failures.items.length).toBeGreaterThan(0);
    expect(failures.items.every((event) => !event.success)).toBe(true);
    const contexts = await caller(admin).audit.list({ action: "context.", limit: 200 });
    expect(contexts.items.every((event) => event.action.startsWith("context."))).toBe(true);
    const byActor = await caller(admin).audit.list({ actor: "MIA", limit: 200 });
    expect(byActor.items.length).toBeGreaterThan(0);
    expect(byActor.items.every((event) => event.actor.id === member.id)).toBe(true);
    const byProject = await caller(admin).audit.list({ projectSlug: "git/acme/app", limit: 200 });
    expect(byProject.items.every((event) => event.projectId === project.id)).toBe(true);

    const everything = (await caller(admin).audit.list({ limit: 200 })).items.map((e) => e.id);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await caller(admin).audit.list({ limit: 3, cursor });
      paged.push(...page.items.map((event) => event.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(everything);
  });
});

describe("the CSV export", () => {
  it("has a header row and defuses cells a spreadsheet would run", async () => {
    await recordAudit(db, {
      action: "context.create",
      actor: { id: null, type: "system", name: '=HYPERLINK("http://evil.test","x")' },
      target: { type: "context", name: "+cmd|' /C calc'!A0" },
      organizationId: acme.id,
      success: true,
    });
    const { csv, truncated } = await auditEventsCsv(db, admin, {});
    expect(truncated).toBe(false);
    const rows = parse(csv) as string[][];
    expect(rows[0]).toEqual([
      "occurred_at",
      "action",
      "success",
      "actor_type",
      "actor_id",
      "actor_name",
      "target_type",
      "target_id",
      "target_name",
      "organization_id",
      "project_id",
      "client_ip",
      "metadata",
    ]);
    const hostile = rows.find((row) => row[5]?.includes("HYPERLINK"))!;
    expect(hostile[5]).toBe(`'=HYPERLINK("http://evil.test","x")`);
    expect(hostile[8]).toBe("'+cmd|' /C calc'!A0");
    expect(rows.length - 1).toBe(await db.auditEvent.count());
    expect(csv).not.toContain(SECRET);
  });

  it("exports only what the caller may read, filtered like the page", async () => {
    const { csv } = await auditEventsCsv(
      db,
      owner,
      auditFilterFromQuery(new URLSearchParams("success=false")),
    );
    const rows = (parse(csv) as string[][]).slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row[2] === "false" && row[9] === acme.id)).toBe(true);
    expect(await codeOf(auditEventsCsv(db, member, {}))).toBe("not_found");
    expect(() => auditFilterFromQuery(new URLSearchParams("success=maybe"))).toThrow(
      "success must be true or false",
    );
    expect(() => auditFilterFromQuery(new URLSearchParams("from=yesterday"))).toThrow(/^from:/);
  });
});
