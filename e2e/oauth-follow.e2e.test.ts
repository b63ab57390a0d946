// Signing in with GitHub and following a repository, in the browser, against stand-ins for
// GitHub's OAuth endpoints and REST API. `npm test` starts Cairn configured with a GitHub
// OAuth app whose URLs point at CAIRN_E2E_OAUTH_PORT, where this file starts the stand-in.
import { randomBytes } from "node:crypto";
import { createSession, ensureLocalAdministrator, SESSION_COOKIE } from "@cairn/auth";
import { createDb, type Db } from "@cairn/db";
import { type OAuthStandIn, startOAuthStandIn } from "@cairn/vcs/testing/oauth-stand-in";
import { type ProviderStandIn, startProviderStandIn } from "@cairn/vcs/testing/provider-stand-in";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eTarget, launchBrowser, screenshot } from "./browser.ts";
import { e2eStack, pollUntil } from "./stack.ts";

const target = e2eTarget();
const TOKEN = `gho_${randomBytes(12).toString("hex")}`;
let browser: Browser;
let api: ProviderStandIn;
let oauth: OAuthStandIn;
let db: Db;

beforeAll(async () => {
  const port = Number(process.env.CAIRN_E2E_OAUTH_PORT);
  if (!port)
    throw new Error("CAIRN_E2E_OAUTH_PORT is not set: run the browser suite through `npm test`.");
  db = createDb(e2eStack().databaseUrl);
  api = await startProviderStandIn({ token: TOKEN });
  api.addRepository("github", { id: "4242", fullName: "octo-org/widget", permission: "admin" });
  api.addRepository("github", {
    id: "4343",
    fullName: "octo-org/docs",
    permission: "read",
    private: false,
  });
  oauth = await startOAuthStandIn({
    clientId: "cairn-e2e",
    clientSecret: "cairn-e2e-secret",
    cairnUrl: target.url,
    accessToken: TOKEN,
    users: {
      github: {
        id: "777",
        login: "octo-e2e",
        name: "Octo E2E",
        email: "octo-e2e@example.test",
        emailVerified: true,
      },
    },
    api,
    port,
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await oauth?.close();
  await api?.close();
  await db?.project.deleteMany({ where: { slug: "gh/octo-org/widget" } });
  await db?.$disconnect();
});

describe("sign in with GitHub, then follow a repository", () => {
  it("signs in through GitHub's OAuth flow into a Cairn session", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(new URL("/sign-in", target.url).toString());
    await screenshot(page, "sign-in-with-github");
    await page.getByTestId("sign-in-github").click();
    await page.waitForURL(new URL("/", target.url).toString());
    await expect(page.getByTestId("signed-in-as").textContent()).resolves.toBe(
      "Signed in as Octo E2E",
    );
    const cookie = (await context.cookies()).find((c) => c.name === "authjs.session-token");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    expect(oauth.problems).toEqual([]);

    await page.goto(new URL("/add-project", target.url).toString());
    const widget = page.getByTestId("repo-octo-org/widget");
    await widget.waitFor();
    await expect(page.getByTestId("repo-octo-org/docs").textContent()).resolves.toContain(
      "needs admin permission to follow",
    );
    await widget.getByRole("button", { name: "Follow" }).click();
    await page.getByText("Following gh/octo-org/widget.").waitFor();
    await screenshot(page, "add-project-followed");

    const repo = api.state.repositories.find((r) => r.fullName === "octo-org/widget");
    expect(repo?.deployKeys).toEqual([expect.objectContaining({ readOnly: true })]);
    expect(repo?.hooks.map((h) => h.url)).toEqual([
      new URL("/api/hooks/github", target.url).toString(),
    ]);
    const project = await pollUntil(
      "the followed project",
      () => db.project.findUnique({ where: { slug: "gh/octo-org/widget" } }),
      (row) => row !== null,
    );
    expect(project?.deployKeyPublic).toBe(repo?.deployKeys[0]?.key);
    // The user's GitHub token is in the database only as a ciphertext.
    const account = await db.account.findFirstOrThrow({
      where: { provider: "github", providerAccountId: "777" },
    });
    expect(account.access_token).toMatch(/^cairn:/);
    expect(account.access_token).not.toContain(TOKEN);
    const signedIn = await db.auditEvent.findFirst({
      where: { action: "user.sign_in", actorId: account.userId },
    });
    expect(signedIn?.metadata).toMatchObject({ method: "github" });

    await widget.getByRole("button", { name: "Unfollow" }).click();
    await page.getByText("Unfollowed gh/octo-org/widget.").waitFor();
    expect(repo?.deployKeys).toEqual([]);
    expect(repo?.hooks).toEqual([]);
    expect(api.problems).toEqual([]);
    await context.close();
  });
});

describe("inviting a user", () => {
  async function contextAs(userId: string) {
    const context = await browser.newContext();
    const { sessionToken } = await createSession(db, userId);
    await context.addCookies([{ name: SESSION_COOKIE, value: sessionToken, url: target.url }]);
    return context;
  }

  it("the administrator invites by email; the one-time link signs the new user in", async () => {
    const admin = await ensureLocalAdministrator(db);
    const context = await contextAs(admin.id);
    const page = await context.newPage();
    await page.goto(new URL("/admin/invitations", target.url).toString());
    await page.getByLabel("Email").fill("invitee-e2e@example.test");
    await page.getByRole("button", { name: "Invite" }).click();
    const link = (await page.getByTestId("invitation-link").textContent()) ?? "";
    expect(link).toMatch(/\/auth\/link\?token=/);
    await page.getByText("invitee-e2e@example.test —").waitFor();
    await screenshot(page, "admin-invitations");
    await context.close();

    const invitee = await browser.newContext();
    const welcome = await invitee.newPage();
    await welcome.goto(link);
    await expect(welcome.getByTestId("signed-in-as").textContent()).resolves.toBe(
      "Signed in as invitee-e2e@example.test",
    );
    await invitee.close();
  });

  it("is not there for anyone else", async () => {
    const someone = await db.user.create({ data: { email: `someone-${Date.now()}@example.test` } });
    const context = await contextAs(someone.id);
    const page = await context.newPage();
    const response = await page.goto(new URL("/admin/invitations", target.url).toString());
    expect(response?.status()).toBe(404);
    await context.close();
  });
});
