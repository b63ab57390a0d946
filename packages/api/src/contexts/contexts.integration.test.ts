// Who may manage contexts: members of the context's organization; anyone else gets the
// same 404 as for an unknown id. Values are stored encrypted and only ever shown masked.
import { randomBytes } from "node:crypto";
import type { Db, User } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { LocalSecretCipher } from "@cairn/secrets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addGroupMember, createGroup, listGroups, removeGroupMember } from "../groups/groups.ts";
import { ensurePersonalOrganization } from "../organizations/ensure-personal-organization.ts";
import type { Services } from "../services.ts";
import { addContextRestriction, listContextRestrictions } from "./context-restrictions.ts";
import {
  deleteContextVariable,
  listContextVariables,
  setContextVariable,
} from "./context-variables.ts";
import {
  createContext,
  deleteContext,
  listContexts,
  restrictContextToGroups,
  restrictContextToProjects,
} from "./contexts.ts";

let database: TestDatabase;
let db: Db;
let services: Services;
let owner: User;
let member: User;
let outsider: User;
let teamSlug: string;

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

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
  owner = await db.user.create({ data: { email: "o@test", login: "owner", name: "Owner" } });
  member = await db.user.create({ data: { email: "m@test", login: "member", name: "Member" } });
  outsider = await db.user.create({ data: { email: "x@test", login: "out", name: "Out" } });
  const team = await db.organization.create({
    data: {
      name: "Team",
      slug: "team",
      memberships: {
        create: [
          { userId: owner.id, role: "owner" },
          { userId: member.id, role: "member" },
        ],
      },
    },
  });
  teamSlug = team.slug;
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe("contexts", () => {
  it("creates a context in the viewer's personal organization by default", async () => {
    const created = await createContext(services, owner, { name: "personal" });
    const personal = await ensurePersonalOrganization(db, owner);
    const row = await db.context.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.organizationId).toBe(personal.id);
    expect((await listContexts(services, owner)).items.map((c) => c.name)).toEqual(["personal"]);
  });

  it("lets an owner add to a named organization, but not a plain member or an outsider", async () => {
    const created = await createContext(services, owner, {
      name: "deploy",
      owner: { slug: teamSlug },
    });
    expect(created.name).toBe("deploy");
    expect(
      await codeOf(createContext(services, member, { name: "x", owner: { slug: teamSlug } })),
    ).toBe("forbidden");
    expect(
      await codeOf(createContext(services, outsider, { name: "x", owner: { slug: teamSlug } })),
    ).toBe("not_found");
    expect(
      await codeOf(createContext(services, owner, { name: "deploy", owner: { slug: teamSlug } })),
    ).toBe("conflict");
    expect(await codeOf(createContext(services, owner, { name: "  " }))).toBe("invalid_input");
  });

  it("lists an organization's contexts for its members only", async () => {
    const listed = await listContexts(services, member, teamSlug);
    expect(listed.items.map((c) => c.name)).toContain("deploy");
    expect(await codeOf(listContexts(services, outsider, teamSlug))).toBe("not_found");
  });

  it("stores variables encrypted, shows them masked, and hides them from outsiders", async () => {
    const { id } = await createContext(services, owner, {
      name: "vars",
      owner: { slug: teamSlug },
    });
    const set = await setContextVariable(services, member, id, "API_TOKEN", "tok-12345678");
    expect(set).toMatchObject({ variable: "API_TOKEN", value: "xxxx5678", context_id: id });
    await setContextVariable(services, owner, id, "SHORT", "abc");
    const row = await db.contextEnvVar.findFirstOrThrow({
      where: { contextId: id, name: "API_TOKEN" },
    });
    expect(row.ciphertext).not.toContain("tok-12345678");
    expect(await services.cipher.decrypt(row.ciphertext)).toBe("tok-12345678");

    const listed = await listContextVariables(services, owner, id);
    expect(listed.items.map((v) => `${v.variable}=${v.value}`)).toEqual([
      "API_TOKEN=xxxx5678",
      "SHORT=xxxx",
    ]);
    expect(JSON.stringify(listed)).not.toContain("tok-12345678");

    expect(await codeOf(listContextVariables(services, outsider, id))).toBe("not_found");
    expect(await codeOf(setContextVariable(services, outsider, id, "X", "y"))).toBe("not_found");
    expect(await codeOf(deleteContextVariable(services, outsider, id, "SHORT"))).toBe("not_found");
    expect(await codeOf(setContextVariable(services, owner, id, "1BAD", "y"))).toBe(
      "invalid_input",
    );

    await deleteContextVariable(services, owner, id, "SHORT");
    expect((await listContextVariables(services, owner, id)).items).toHaveLength(1);
    expect(await codeOf(deleteContextVariable(services, owner, id, "SHORT"))).toBe("not_found");
  });

  it("restricts a context to projects of its own organization", async () => {
    const { id } = await createContext(services, owner, { name: "ltd", owner: { slug: teamSlug } });
    const team = await db.organization.findUniqueOrThrow({ where: { slug: teamSlug } });
    const project = await db.project.create({
      data: {
        organizationId: team.id,
        provider: "git",
        repoUrl: "https://git.example.test/app.git",
        owner: team.slug,
        name: "app",
        slug: `git/${team.slug}/app`,
      },
    });
    await restrictContextToProjects(services, owner, id, [project.id]);
    const rows = await db.contextRestriction.findMany({ where: { contextId: id } });
    expect(rows.map((r) => `${r.type}:${r.value}`)).toEqual([`project:${project.id}`]);
    expect(await codeOf(restrictContextToProjects(services, owner, id, ["nope"]))).toBe(
      "not_found",
    );
    expect(await codeOf(restrictContextToProjects(services, outsider, id, [project.id]))).toBe(
      "not_found",
    );
  });

  it("lets owners manage groups and restrict a context to them; members and outsiders may not", async () => {
    const group = await createGroup(services, owner, { name: "ops", organizationSlug: teamSlug });
    expect(
      await codeOf(createGroup(services, member, { name: "x", organizationSlug: teamSlug })),
    ).toBe("forbidden");
    expect(
      await codeOf(createGroup(services, owner, { name: "ops", organizationSlug: teamSlug })),
    ).toBe("conflict");
    await addGroupMember(services, owner, group.id, member.id);
    expect(await codeOf(addGroupMember(services, owner, group.id, outsider.id))).toBe("not_found");
    expect(await codeOf(addGroupMember(services, member, group.id, owner.id))).toBe("forbidden");
    expect(await codeOf(addGroupMember(services, outsider, group.id, outsider.id))).toBe(
      "not_found",
    );
    const listed = await listGroups(services, member, teamSlug);
    expect(listed.find((g) => g.id === group.id)?.members.map((m) => m.login)).toEqual(["member"]);

    const { id } = await createContext(services, owner, { name: "ops", owner: { slug: teamSlug } });
    expect(await codeOf(restrictContextToGroups(services, member, id, [group.id]))).toBe(
      "forbidden",
    );
    await restrictContextToGroups(services, owner, id, [group.id]);
    const restrictions = await listContextRestrictions(services, member, id);
    expect(restrictions.items.map((r) => `${r.restriction_type}:${r.restriction_value}`)).toEqual([
      `group:${group.id}`,
    ]);
    expect(
      await codeOf(
        addContextRestriction(services, owner, id, {
          restriction_type: "expression",
          restriction_value: 'pipeline.git.branch == "main"',
        }),
      ),
    ).toBe("invalid_input");
    expect(
      await codeOf(
        addContextRestriction(services, owner, id, {
          restriction_type: "group",
          restriction_value: "no-such-group",
        }),
      ),
    ).toBe("not_found");
    await removeGroupMember(services, owner, group.id, member.id);
    expect(await codeOf(removeGroupMember(services, owner, group.id, member.id))).toBe("not_found");
  });

  it("deletes a context for members only", async () => {
    const { id } = await createContext(services, owner, {
      name: "gone",
      owner: { slug: teamSlug },
    });
    expect(await codeOf(deleteContext(services, outsider, id))).toBe("not_found");
    await deleteContext(services, member, id);
    expect(await db.context.findUnique({ where: { id } })).toBeNull();
    expect(await codeOf(deleteContext(services, owner, id))).toBe("not_found");
  });
});
