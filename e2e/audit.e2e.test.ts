// The audit log through the running web app: sign-ins and REST changes are recorded with
// the address the server saw; administrators read the page and export CSV (header row,
// formula-like cells defused); anyone else gets 404, and an anonymous caller 401.
import { randomBytes } from "node:crypto";
import { recordAudit } from "@cairn/api";
import { createApiToken, createSession, createSignInLink } from "@cairn/auth";
import { createDb, type Db } from "@cairn/db";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot } from "./browser.ts";
import { e2eStack } from "./stack.ts";

const { baseUrl, databaseUrl } = e2eStack();
const suffix = randomBytes(4).toString("hex");
const hostileName = `=HYPERLINK("http://evil.test","${suffix}")`;
let db: Db;
let browser: Browser;
let adminCookie: string;
let memberCookie: string;
let memberToken: string;
let adminId: string;
let projectSlug: string;
let organizationId: string;
const userIds: string[] = [];

async function makeUser(label: string, isAdmin = false) {
  const user = await db.user.create({
    data: {
      email: `${label}-${suffix}@e2e.test`,
      login: `${label}-${suffix}`,
      name: label,
      isAdmin,
    },
  });
  userIds.push(user.id);
  return user;
}

const cookieOf = async (userId: string) =>
  `authjs.session-token=${(await createSession(db, userId)).sessionToken}`;

beforeAll(async () => {
  db = createDb(databaseUrl);
  browser = await launchBrowser();
  const admin = await makeUser("auditor", true);
  adminId = admin.id;
  adminCookie = await cookieOf(admin.id);
  const member = await makeUser("plain");
  memberCookie = await cookieOf(member.id);
  memberToken = (await createApiToken(db, member.id, "e2e")).token;
  // A plain member of an organization: no owner or admin role anywhere.
  const organization = await db.organization.create({
    data: {
      name: `audit ${suffix}`,
      slug: `audit-${suffix}`,
      memberships: { create: { userId: member.id, role: "member" } },
    },
  });
  organizationId = organization.id;
  projectSlug = `git/${organization.slug}/audit-${suffix}`;
  await db.project.create({
    data: {
      organizationId: organization.id,
      provider: "git",
      repoUrl: "https://git.example.test/audit.git",
      owner: organization.slug,
      name: `audit-${suffix}`,
      slug: projectSlug,
    },
  });
  await recordAudit(db, {
    action: "context.create",
    actor: { id: null, type: "system", name: hostileName },
    success: true,
  });
});

afterAll(async () => {
  await browser?.close();
  if (db) {
    await db.project.deleteMany({ where: { slug: projectSlug } });
    await db.organization.deleteMany({ where: { id: organizationId } });
    await db.user.deleteMany({ where: { id: { in: userIds } } });
    await db.$disconnect();
  }
});

describe("audit events through the web app", () => {
  it("records a sign-in by link with the client's address", async () => {
    const link = await createSignInLink(db, adminId, baseUrl);
    const response = await fetch(link, { redirect: "manual" });
    expect(response.status).toBe(303);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { action: "user.sign_in", actorId: adminId },
      orderBy: { occurredAt: "desc" },
    });
    expect(event.success).toBe(true);
    expect(event.clientIp).toMatch(/^(127\.0\.0\.1|::1)$/);
  });

  it("records a variable created with an API token, as the token's owner", async () => {
    const response = await fetch(new URL(`/api/v2/project/${projectSlug}/envvar`, baseUrl), {
      method: "POST",
      headers: { "Circle-Token": memberToken, "content-type": "application/json" },
      body: JSON.stringify({ name: "AUDITED", value: `value-${suffix}-secret` }),
    });
    expect(response.status).toBe(201);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { action: "project.env_var.create", targetName: "AUDITED" },
      orderBy: { occurredAt: "desc" },
    });
    expect(event).toMatchObject({ actorType: "api_token", actorId: userIds[1], success: true });
    expect(event.clientIp).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect(JSON.stringify(event)).not.toContain(`value-${suffix}-secret`);
  });
});

describe("GET /api/audit.csv", () => {
  it("gives an administrator the CSV with a header row and defused cells", async () => {
    const response = await fetch(new URL("/api/audit.csv?action=context", baseUrl), {
      headers: { cookie: adminCookie },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="cairn-audit-/,
    );
    const text = await response.text();
    expect(text.split("\n")[0]).toBe(
      "occurred_at,action,success,actor_type,actor_id,actor_name,target_type,target_id,target_name,organization_id,project_id,client_ip,metadata",
    );
    expect(text).toContain(`"'=HYPERLINK(""http://evil.test"",""${suffix}"")"`);
    expect(text).not.toContain(`,${hostileName}`);
  });

  it("is 404 for a signed-in user who administers nothing, 401 anonymously, 400 for bad filters", async () => {
    const member = await fetch(new URL("/api/audit.csv", baseUrl), {
      headers: { cookie: memberCookie },
    });
    expect(member.status).toBe(404);
    const token = await fetch(new URL("/api/audit.csv", baseUrl), {
      headers: { "Circle-Token": memberToken },
    });
    expect(token.status).toBe(404);
    expect((await fetch(new URL("/api/audit.csv", baseUrl))).status).toBe(401);
    const bad = await fetch(new URL("/api/audit.csv?success=maybe", baseUrl), {
      headers: { cookie: adminCookie },
    });
    expect(bad.status).toBe(400);
    await expect(bad.json()).resolves.toEqual({ message: "success must be true or false" });
  });
});

describe("the audit log page", () => {
  async function pageAs(cookie: string) {
    const context = await browser.newContext();
    const [name, value] = cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: baseUrl }]);
    return { context, page: await context.newPage() };
  }

  it("shows an administrator the events, filtered, with an Export CSV link", async () => {
    const { context, page } = await pageAs(adminCookie);
    await page.goto(new URL("/admin/audit?action=project.env_var", baseUrl).toString());
    await page.getByTestId("audit-events").waitFor();
    const actions = await page
      .locator("[data-testid=audit-events] tbody tr")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-action")));
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((action) => action?.startsWith("project.env_var"))).toBe(true);
    await expect(page.getByTestId("audit-export").getAttribute("href")).resolves.toBe(
      "/api/audit.csv?action=project.env_var",
    );
    await expect(page.getByTestId("audit-log-link").getAttribute("href")).resolves.toBe(
      "/admin/audit",
    );
    await screenshot(page, "audit-log");
    await context.close();
  });

  it("is the not-found page for anyone else", async () => {
    const { context, page } = await pageAs(memberCookie);
    const response = await page.goto(new URL("/admin/audit", baseUrl).toString());
    expect(response?.status()).toBe(404);
    expect(await page.getByTestId("audit-events").count()).toBe(0);
    await page.goto(baseUrl);
    expect(await page.getByTestId("audit-log-link").count()).toBe(0);
    await context.close();
  });
});
