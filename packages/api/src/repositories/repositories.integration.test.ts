// The repositories router against the local provider stand-in (GitHub's REST API as it
// documents it) on a real PostgreSQL: listing with permissions mirrors organizations and
// memberships, Follow adds a read-only deploy key and a webhook with a secret that is
// stored encrypted, Unfollow removes both; who may do what (owner, member, outsider,
// anonymous).
import { randomBytes } from "node:crypto";
import { encryptAccountTokens } from "@cairn/auth";
import type { Db, User } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { LocalSecretCipher } from "@cairn/secrets";
import { type ProviderStandIn, startProviderStandIn } from "@cairn/vcs/testing/provider-stand-in";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "../services.ts";
import { createCaller, createTRPCContext } from "../trpc/index.ts";

const TOKEN = `gho_${randomBytes(12).toString("hex")}`;
const BASE = "https://cairn.example.test";
const cipher = LocalSecretCipher.fromBase64(randomBytes(32).toString("base64"));

let database: TestDatabase;
let db: Db;
let standIn: ProviderStandIn;
let services: Services;
let owner: User;
let member: User;
let outsider: User;

function callerFor(viewer: User | null) {
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

async function messageOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function repo(fullName: string) {
  const found = standIn.state.repositories.find((r) => r.fullName === fullName);
  if (!found) throw new Error(`no ${fullName}`);
  return found;
}

async function linkGitHub(user: User, providerAccountId: string, provider = "github") {
  await db.account.create({
    data: {
      userId: user.id,
      type: "oauth",
      provider,
      providerAccountId,
      ...(await encryptAccountTokens(cipher, { access_token: TOKEN, token_type: "bearer" })),
    },
  });
}

beforeAll(async () => {
  database = await createTestDatabase(requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL));
  db = database.db;
  standIn = await startProviderStandIn({ token: TOKEN });
  standIn.addRepository("github", { id: "1001", fullName: "acme/app", permission: "admin" });
  standIn.addRepository("github", { id: "1002", fullName: "acme/lib", permission: "write" });
  services = {
    db,
    cipher,
    dataDir: "/nonexistent",
    baseUrl: BASE,
    orbCacheDir: "/nonexistent/orbs",
    oauth: {
      github: {
        clientId: "id",
        clientSecret: "secret",
        webUrl: "http://unused.test",
        apiUrl: standIn.baseUrls.github,
      },
      gitlab: {
        clientId: "id",
        clientSecret: "secret",
        webUrl: "http://unused.test",
        apiUrl: standIn.baseUrls.gitlab,
      },
    },
  };
  owner = await db.user.create({ data: { email: "owner@example.test", login: "owner" } });
  member = await db.user.create({ data: { email: "member@test", login: "member" } });
  outsider = await db.user.create({ data: { email: "out@test", login: "out" } });
  await linkGitHub(owner, "1");
  await linkGitHub(member, "2");
});

afterAll(async () => {
  await standIn?.close();
  await database?.drop();
});

describe("repositories.list", () => {
  it("lists the user's repositories with their permission and mirrors the owner as an organization", async () => {
    const groups = await callerFor(owner).repositories.list();
    expect(standIn.problems).toEqual([]);
    expect(standIn.callsTo("github", "GET", /^\/user\/repos$/)).toHaveLength(1);
    expect(groups.map((g) => [g.provider, g.signedIn])).toEqual([
      ["github", true],
      ["gitlab", false],
    ]);
    const github = groups.find((g) => g.provider === "github");
    expect(github?.signedIn).toBe(true);
    expect(github?.error).toBeNull();
    expect(github?.repositories.map((r) => [r.fullName, r.permission, r.canFollow])).toEqual([
      ["acme/app", "admin", true],
      ["acme/lib", "write", false],
    ]);
    const organization = await db.organization.findUniqueOrThrow({ where: { slug: "gh/acme" } });
    expect(organization).toMatchObject({ provider: "github", vcsOwner: "acme" });
    // Admin on one repository but only write on another: a member, not an admin.
    const membership = await db.membership.findUniqueOrThrow({
      where: { userId_organizationId: { userId: owner.id, organizationId: organization.id } },
    });
    expect(membership.role).toBe("member");
  });

  it("does not ask the provider again while the listing is fresh, and does when asked to refresh", async () => {
    const before = standIn.callsTo("github", "GET", /^\/user\/repos$/).length;
    await callerFor(owner).repositories.list();
    expect(standIn.callsTo("github", "GET", /^\/user\/repos$/)).toHaveLength(before);
    await callerFor(owner).repositories.list({ refresh: true });
    expect(standIn.callsTo("github", "GET", /^\/user\/repos$/)).toHaveLength(before + 1);
  });

  it("shows a provider the user has not signed in with, and refuses the anonymous", async () => {
    const groups = await callerFor(outsider).repositories.list();
    expect(groups).toEqual([
      expect.objectContaining({ provider: "github", signedIn: false, repositories: [] }),
      expect.objectContaining({ provider: "gitlab", signedIn: false, repositories: [] }),
    ]);
    expect(await codeOf(callerFor(null).repositories.list())).toBe("UNAUTHORIZED");
  });

  it("says clearly when the provider no longer accepts the token", async () => {
    standIn.failNext("github", 1, {
      status: 401,
      body: JSON.stringify({ message: "Bad credentials" }),
    });
    const groups = await callerFor(owner).repositories.list({ refresh: true });
    expect(groups[0]?.error).toMatch(
      /GitHub no longer accepts Cairn's access: sign in with GitHub again/,
    );
  });
});

describe("repositories.follow and unfollow", () => {
  let slug = "";

  it("follows a repository the user administers: read-only deploy key and webhook with an encrypted secret", async () => {
    const followed = await callerFor(owner).repositories.follow({
      provider: "github",
      repositoryId: "1001",
    });
    slug = followed.slug;
    expect(slug).toBe("gh/acme/app");
    expect(followed.webhookUrl).toBe(`${BASE}/api/hooks/github`);
    expect(standIn.problems).toEqual([]);

    const project = await db.project.findUniqueOrThrow({ where: { slug } });
    const app = repo("acme/app");
    expect(app.deployKeys).toEqual([
      expect.objectContaining({
        key: project.deployKeyPublic,
        readOnly: true,
        id: project.vcsDeployKeyId,
      }),
    ]);
    expect(project.deployKeyPublic).toMatch(/^ssh-ed25519 /);
    expect(app.hooks).toHaveLength(1);
    expect(app.hooks[0]?.url).toBe(`${BASE}/api/hooks/github`);
    expect(app.hooks[0]?.id).toBe(project.vcsWebhookId);
    // The secret at the provider is the one Cairn keeps, and Cairn keeps it only encrypted.
    expect(project.webhookSecretCiphertext).toMatch(/^cairn:/);
    expect(await cipher.decrypt(project.webhookSecretCiphertext ?? "")).toBe(app.hooks[0]?.secret);
    expect(project.deployKeyCiphertext).toMatch(/^cairn:/);
    expect(project).toMatchObject({
      provider: "github",
      vcsRepoId: "1001",
      owner: "acme",
      name: "app",
      unfollowedAt: null,
    });
    // The follower administers the repository, so they administer its project.
    const membership = await db.membership.findUniqueOrThrow({
      where: {
        userId_organizationId: { userId: owner.id, organizationId: project.organizationId },
      },
    });
    expect(membership.role).toBe("admin");
    const audit = await db.auditEvent.findFirst({
      where: { action: "project.follow", success: true },
    });
    expect(audit).toMatchObject({ actorId: owner.id, projectId: project.id, targetName: slug });
  });

  it("refuses to follow twice, without write access, or a repository the user cannot see", async () => {
    const keysBefore = standIn.callsTo("github", "POST", /\/keys$/).length;
    expect(
      await codeOf(
        callerFor(owner).repositories.follow({ provider: "github", repositoryId: "1001" }),
      ),
    ).toBe("CONFLICT");
    expect(
      await messageOf(
        callerFor(owner).repositories.follow({ provider: "github", repositoryId: "1002" }),
      ),
    ).toMatch(/needs admin permission on it at GitHub; you have write access/);
    expect(
      await codeOf(
        callerFor(outsider).repositories.follow({ provider: "github", repositoryId: "1001" }),
      ),
    ).toBe("NOT_FOUND");
    expect(
      await codeOf(
        callerFor(null).repositories.follow({ provider: "github", repositoryId: "1001" }),
      ),
    ).toBe("UNAUTHORIZED");
    expect(
      await codeOf(callerFor(owner).repositories.follow({ provider: "github", repositoryId: "" })),
    ).toBe("BAD_REQUEST");
    expect(standIn.callsTo("github", "POST", /\/keys$/)).toHaveLength(keysBefore);
  });

  it("asks the provider again at follow time: admin rights lost since the listing are refused", async () => {
    await callerFor(member).repositories.list();
    repo("acme/lib").permission = "admin";
    await callerFor(member).repositories.list({ refresh: true });
    repo("acme/lib").permission = "write";
    expect(
      await codeOf(
        callerFor(member).repositories.follow({ provider: "github", repositoryId: "1002" }),
      ),
    ).toBe("FORBIDDEN");
    expect(await db.project.findUnique({ where: { slug: "gh/acme/lib" } })).toBeNull();
  });

  it("unfollow: outsiders see nothing, members may not, the admin removes key and hook", async () => {
    expect(await codeOf(callerFor(null).repositories.unfollow({ slug }))).toBe("UNAUTHORIZED");
    expect(await codeOf(callerFor(outsider).repositories.unfollow({ slug }))).toBe("NOT_FOUND");
    // The member only writes to acme/app: a member of gh/acme, not an admin.
    repo("acme/app").permission = "write";
    await callerFor(member).repositories.list({ refresh: true });
    repo("acme/app").permission = "admin";
    expect(await codeOf(callerFor(member).repositories.unfollow({ slug }))).toBe("FORBIDDEN");
    expect(repo("acme/app").hooks).toHaveLength(1);

    await callerFor(owner).repositories.unfollow({ slug });
    expect(standIn.problems).toEqual([]);
    expect(repo("acme/app").deployKeys).toEqual([]);
    expect(repo("acme/app").hooks).toEqual([]);
    const project = await db.project.findUniqueOrThrow({ where: { slug } });
    expect(project.unfollowedAt).not.toBeNull();
    expect(project.webhookSecretCiphertext).toBeNull();
    expect(await codeOf(callerFor(owner).repositories.unfollow({ slug }))).toBe("CONFLICT");
  });

  it("a webhook the provider refuses fails the follow clearly and takes the new deploy key back", async () => {
    await callerFor(owner)
      .repositories.unfollow({ slug })
      .catch(() => undefined);
    // The provider answers this one call with its own validation error; all else is the stand-in's.
    services.providerFetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (init?.method === "POST" && url.pathname.endsWith("/hooks")) {
        return Response.json(
          {
            message: "Validation Failed",
            errors: [{ message: "Hook already exists on this repository" }],
          },
          { status: 422 },
        );
      }
      return fetch(input, init);
    };
    try {
      const message = await messageOf(
        callerFor(owner).repositories.follow({ provider: "github", repositoryId: "1001" }),
      );
      expect(message).toMatch(/GitHub API POST .*\/hooks answered 422: Validation Failed/);
    } finally {
      delete services.providerFetch;
    }
    expect(repo("acme/app").deployKeys).toEqual([]);
    expect(standIn.callsTo("github", "DELETE", /\/keys\//).at(-1)?.status).toBe(204);
    const project = await db.project.findUniqueOrThrow({ where: { slug } });
    expect(project.unfollowedAt).not.toBeNull();
  });

  it("follows an unfollowed repository again with a new key and hook", async () => {
    await callerFor(owner).repositories.follow({ provider: "github", repositoryId: "1001" });
    const project = await db.project.findUniqueOrThrow({ where: { slug } });
    expect(project.unfollowedAt).toBeNull();
    expect(repo("acme/app").deployKeys).toHaveLength(1);
    expect(repo("acme/app").hooks).toHaveLength(1);
    const listed = await callerFor(owner).repositories.list();
    expect(listed[0]?.repositories.find((r) => r.fullName === "acme/app")?.project).toEqual({
      slug,
      followed: true,
    });
  });

  it("access lost at the provider is lost in Cairn at the next listing", async () => {
    const organization = await db.organization.findUniqueOrThrow({ where: { slug: "gh/acme" } });
    expect(
      await db.membership.count({ where: { userId: member.id, organizationId: organization.id } }),
    ).toBe(1);
    const saved = [...standIn.state.repositories];
    standIn.state.repositories.length = 0;
    await callerFor(member).repositories.list({ refresh: true });
    standIn.state.repositories.push(...saved);
    expect(
      await db.membership.count({ where: { userId: member.id, organizationId: organization.id } }),
    ).toBe(0);
    expect(await db.repositoryAccess.count({ where: { userId: member.id } })).toBe(0);
    expect(await codeOf(callerFor(member).projects.get({ slug }))).toBe("NOT_FOUND");
  });
});

describe("GitLab", () => {
  it("follows a project of a nested group as gl/<group--subgroup>/<name>", async () => {
    standIn.addRepository("gitlab", {
      id: "77",
      fullName: "platform/tools/builder",
      permission: "admin",
    });
    await linkGitHub(outsider, "gl-1", "gitlab");
    const groups = await callerFor(outsider).repositories.list();
    const gitlab = groups.find((g) => g.provider === "gitlab");
    expect(gitlab?.repositories.map((r) => [r.fullName, r.owner, r.permission])).toEqual([
      ["platform/tools/builder", "platform/tools", "admin"],
    ]);
    const followed = await callerFor(outsider).repositories.follow({
      provider: "gitlab",
      repositoryId: "77",
    });
    expect(followed.slug).toBe("gl/platform--tools/builder");
    expect(followed.webhookUrl).toBe(`${BASE}/api/hooks/gitlab`);
    const project = await db.project.findUniqueOrThrow({ where: { slug: followed.slug } });
    const builder = repo("platform/tools/builder");
    expect(builder.deployKeys).toEqual([
      expect.objectContaining({ key: project.deployKeyPublic, readOnly: true }),
    ]);
    expect(builder.hooks.map((h) => h.url)).toEqual([`${BASE}/api/hooks/gitlab`]);
    expect(await cipher.decrypt(project.webhookSecretCiphertext ?? "")).toBe(
      builder.hooks[0]?.secret,
    );
    const organization = await db.organization.findUniqueOrThrow({
      where: { id: project.organizationId },
    });
    expect(organization).toMatchObject({
      slug: "gl/platform--tools",
      provider: "gitlab",
      vcsOwner: "platform/tools",
    });
    expect(standIn.problems).toEqual([]);
  });
});

describe("invitations", () => {
  it("only the installation administrator invites; the answer carries a one-time link", async () => {
    const admin = await db.user.create({ data: { email: "admin@test", isAdmin: true } });
    const invitation = await callerFor(admin).invitations.create({ email: "New@Example.test" });
    expect(invitation.email).toBe("new@example.test");
    expect(invitation.link).toMatch(new RegExp(`^${BASE}/auth/link\\?token=`));
    const pending = await callerFor(admin).invitations.listPending();
    expect(pending.map((p) => p.email)).toContain("new@example.test");
    expect(await codeOf(callerFor(owner).invitations.create({ email: "x@example.test" }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(callerFor(owner).invitations.listPending())).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(null).invitations.create({ email: "x@example.test" }))).toBe(
      "UNAUTHORIZED",
    );
    expect(await codeOf(callerFor(admin).invitations.create({ email: "not an email" }))).toBe(
      "BAD_REQUEST",
    );
    // Someone who already signs in cannot be "invited": the link would let its holder be them.
    expect(await codeOf(callerFor(admin).invitations.create({ email: "owner@example.test" }))).toBe(
      "CONFLICT",
    );
    const audit = await db.auditEvent.findFirst({ where: { action: "user.invite" } });
    expect(audit).toMatchObject({
      actorId: admin.id,
      targetName: "new@example.test",
      success: true,
    });
  });
});
