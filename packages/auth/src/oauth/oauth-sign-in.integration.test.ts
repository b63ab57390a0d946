// Sign-in with GitHub, GitLab and Bitbucket through Auth.js against a local stand-in of
// each provider's OAuth endpoints, on a real PostgreSQL: the whole browser round trip
// (CSRF token, sign-in POST, authorize redirect, callback, token exchange, user endpoint)
// ends in Cairn's own session cookie, tokens are stored only encrypted, and accounts link.
import { randomBytes } from "node:crypto";
import type { Db } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { LocalSecretCipher } from "@cairn/secrets";
import {
  type OAuthStandIn,
  type OAuthStandInUser,
  startOAuthStandIn,
} from "@cairn/vcs/testing/oauth-stand-in";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { inviteUser } from "../invitations.ts";
import { createSession, getSessionUser, SESSION_COOKIE } from "../session.ts";
import { providerAccessToken } from "./account-token.ts";
import { createAuthConfig, handleAuthRequest, type OAuthSignInEvent } from "./auth-config.ts";
import type { OAuthProviderId, OAuthSettings } from "./settings.ts";

const BASE = "http://cairn.test";
const ACCESS_TOKEN = `gho_${randomBytes(16).toString("hex")}`;
const CLIENT = {
  clientId: "cairn-client",
  clientSecret: `secret-${randomBytes(8).toString("hex")}`,
};

let database: TestDatabase;
let db: Db;
let standIn: OAuthStandIn;
const cipher = LocalSecretCipher.fromBase64(randomBytes(32).toString("base64"));
const signIns: OAuthSignInEvent[] = [];
const errors: string[] = [];
const users: Record<OAuthProviderId, OAuthStandInUser> = {
  github: {
    id: "101",
    login: "octo",
    name: "Octo Cat",
    email: "octo@example.test",
    emailVerified: true,
  },
  gitlab: {
    id: "202",
    login: "tanuki",
    name: "Tanu Ki",
    email: "tanuki@example.test",
    emailVerified: true,
  },
  bitbucket: {
    id: "303",
    login: "bucky",
    name: "Bucky",
    email: "bucky@example.test",
    emailVerified: true,
  },
};

function settingsFor(providers: OAuthProviderId[]): OAuthSettings {
  return Object.fromEntries(providers.map((id) => [id, { ...CLIENT, ...standIn.urls[id] }]));
}

function configFor(providers: OAuthProviderId[] = ["github", "gitlab", "bitbucket"]) {
  return createAuthConfig({
    db,
    cipher,
    settings: settingsFor(providers),
    baseUrl: BASE,
    secret: "s".repeat(40),
    onSignIn: async (event) => {
      signIns.push(event);
    },
    onError: (message) => errors.push(message),
  });
}

/** A browser's cookies for Cairn's origin. */
class CookieJar {
  private cookies = new Map<string, string>();
  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const value = pair.slice(eq + 1);
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) {
        this.cookies.delete(pair.slice(0, eq));
      } else this.cookies.set(pair.slice(0, eq), value);
    }
  }
  get(name: string) {
    return this.cookies.get(name);
  }
  set(name: string, value: string) {
    this.cookies.set(name, value);
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

async function call(
  config: ReturnType<typeof configFor>,
  jar: CookieJar,
  path: string,
  form?: Record<string, string>,
) {
  const request = new Request(`${BASE}${path}`, {
    method: form ? "POST" : "GET",
    headers: {
      cookie: jar.header(),
      ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  });
  const response = await handleAuthRequest(request, config, BASE);
  jar.store(response);
  return response;
}

/** What a browser does from clicking "Sign in with …" to landing back on Cairn. */
async function signInWith(
  provider: OAuthProviderId,
  jar = new CookieJar(),
  config = configFor(),
  callbackUrl = "/",
) {
  const csrf = await call(config, jar, "/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const start = await call(config, jar, `/api/auth/signin/${provider}`, { csrfToken, callbackUrl });
  expect(start.status).toBe(302);
  const authorizeUrl = new URL(start.headers.get("location") ?? "");
  const authorized = await fetch(authorizeUrl, { redirect: "manual" });
  expect(authorized.status).toBe(302);
  const callback = new URL(authorized.headers.get("location") ?? "");
  expect(callback.origin + callback.pathname).toBe(`${BASE}/api/auth/callback/${provider}`);
  const done = await call(config, jar, `${callback.pathname}${callback.search}`);
  return { jar, authorizeUrl, done };
}

beforeAll(async () => {
  database = await createTestDatabase(requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL));
  db = database.db;
  standIn = await startOAuthStandIn({
    ...CLIENT,
    cairnUrl: BASE,
    accessToken: ACCESS_TOKEN,
    users,
  });
});

afterAll(async () => {
  await standIn?.close();
  await database?.drop();
});

beforeEach(() => {
  signIns.length = 0;
  errors.length = 0;
  standIn.problems.length = 0;
  users.github = { ...users.github, emailVerified: true };
  users.bitbucket = { ...users.bitbucket, emailVerified: true };
});

describe("sign-in with GitHub", () => {
  it("asks GitHub for the documented scopes, ends in Cairn's session cookie, and stores tokens encrypted", async () => {
    const { jar, authorizeUrl, done } = await signInWith("github");
    expect(standIn.problems).toEqual([]);
    expect(authorizeUrl.pathname).toBe("/github-web/login/oauth/authorize");
    expect(authorizeUrl.searchParams.get("scope")).toBe(
      "read:user user:email repo admin:repo_hook read:org",
    );
    expect(authorizeUrl.searchParams.get("client_id")).toBe(CLIENT.clientId);

    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`${BASE}/`);
    const sessionLine = done.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(sessionLine).toMatch(/HttpOnly/i);
    expect(sessionLine).toMatch(/SameSite=Lax/i);
    const user = await getSessionUser(db, jar.get(SESSION_COOKIE));
    expect(user).toMatchObject({ email: "octo@example.test", login: "octo", name: "Octo Cat" });

    // The token exchange as GitHub documents it: a form POST with the code and PKCE verifier.
    const exchange = standIn.calls.find((c) => c.path === "/github-web/login/oauth/access_token");
    expect(exchange?.method).toBe("POST");
    expect(exchange?.form.code).toBeTruthy();
    expect(exchange?.form.code_verifier).toBeTruthy();
    expect(exchange?.headers.accept).toContain("application/json");

    const account = await db.account.findFirstOrThrow({ where: { provider: "github" } });
    expect(account.userId).toBe(user?.id);
    expect(account.providerAccountId).toBe("101");
    expect(account.access_token).toMatch(/^cairn:/);
    expect(await cipher.decrypt(account.access_token ?? "")).toBe(ACCESS_TOKEN);
    // Nowhere in the accounts table, in any column, is the token in plaintext.
    const rows = await db.$queryRawUnsafe<{ found: bigint }[]>(
      "SELECT count(*) AS found FROM accounts WHERE accounts::text LIKE $1",
      `%${ACCESS_TOKEN}%`,
    );
    expect(Number(rows[0]?.found)).toBe(0);

    expect(signIns).toEqual([
      expect.objectContaining({
        userId: user?.id,
        provider: "github",
        accessToken: ACCESS_TOKEN,
        isNewUser: true,
      }),
    ]);
    expect(errors).toEqual([]);
  });

  it("signs the same person in again to the same user, with fresh tokens stored encrypted", async () => {
    const before = await db.account.findFirstOrThrow({ where: { provider: "github" } });
    const { jar } = await signInWith("github");
    const user = await getSessionUser(db, jar.get(SESSION_COOKIE));
    expect(user?.id).toBe(before.userId);
    expect(await db.account.count({ where: { provider: "github" } })).toBe(1);
    const after = await db.account.findFirstOrThrow({ where: { provider: "github" } });
    expect(after.access_token).not.toBe(before.access_token);
    expect(after.access_token).toMatch(/^cairn:/);
  });

  it("never sends the browser to another site after signing in", async () => {
    const { done } = await signInWith(
      "github",
      new CookieJar(),
      configFor(),
      "https://evil.test/steal",
    );
    expect(done.headers.get("location")).not.toContain("evil.test");
  });
});

describe("linking accounts to one user", () => {
  it("an invited email signing in with GitLab under the same verified email becomes that user", async () => {
    const invitation = await inviteUser(db, { email: "Tanuki@Example.test" }, BASE);
    const { jar, authorizeUrl } = await signInWith("gitlab");
    expect(standIn.problems).toEqual([]);
    expect(authorizeUrl.pathname).toBe("/gitlab/oauth/authorize");
    expect(authorizeUrl.searchParams.get("scope")).toBe("api read_user");
    const user = await getSessionUser(db, jar.get(SESSION_COOKIE));
    expect(user?.id).toBe(invitation.userId);
    const account = await db.account.findFirstOrThrow({ where: { provider: "gitlab" } });
    expect(account.userId).toBe(invitation.userId);
    // GitLab's tokens expire: the refresh token is kept, encrypted, with the expiry.
    expect(account.refresh_token).toMatch(/^cairn:/);
    expect(account.expires_at).toBeGreaterThan(Date.now() / 1000);
  });

  it("an unverified email is not used to link: Bitbucket then makes a separate user", async () => {
    const existing = await db.user.create({
      data: { email: "bucky@example.test", name: "Someone" },
    });
    users.bitbucket = { ...users.bitbucket, emailVerified: false };
    const { jar, authorizeUrl } = await signInWith("bitbucket");
    expect(standIn.problems).toEqual([]);
    expect(authorizeUrl.pathname).toBe("/bitbucket-web/site/oauth2/authorize");
    const user = await getSessionUser(db, jar.get(SESSION_COOKIE));
    expect(user).not.toBeNull();
    expect(user?.id).not.toBe(existing.id);
    expect(user?.email).toBeNull();
    expect(user?.login).toBe("bucky");
  });

  it("a signed-in user who signs in with another provider gets that account linked", async () => {
    const person = await db.user.create({
      data: { email: "person@example.test", login: "person" },
    });
    const jar = new CookieJar();
    jar.set(SESSION_COOKIE, (await createSession(db, person.id)).sessionToken);
    users.github = { ...users.github, id: "909", login: "person-gh", email: "other@example.test" };
    await signInWith("github", jar);
    const account = await db.account.findUniqueOrThrow({
      where: { provider_providerAccountId: { provider: "github", providerAccountId: "909" } },
    });
    expect(account.userId).toBe(person.id);
    users.github = { ...users.github, id: "101", login: "octo", email: "octo@example.test" };
  });
});

describe("providers and tokens", () => {
  it("a provider without client id and secret is not offered", async () => {
    const jar = new CookieJar();
    const config = configFor(["github"]);
    const csrf = await call(config, jar, "/api/auth/csrf");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await call(config, jar, "/api/auth/signin/gitlab", {
      csrfToken,
      callbackUrl: "/",
    });
    expect(response.headers.get("location") ?? "").not.toContain("/gitlab/oauth/authorize");
    const providers = (await (await call(config, jar, "/api/auth/providers")).json()) as object;
    expect(Object.keys(providers)).toEqual(["github"]);
  });

  it("an expired GitLab token is renewed with its refresh token and stored encrypted again", async () => {
    const account = await db.account.findFirstOrThrow({ where: { provider: "gitlab" } });
    await db.account.update({ where: { id: account.id }, data: { expires_at: 1000 } });
    const token = await providerAccessToken(
      db,
      cipher,
      settingsFor(["gitlab"]),
      account.userId,
      "gitlab",
    );
    expect(token).toBe(ACCESS_TOKEN);
    const refresh = standIn.calls.filter(
      (c) => c.path === "/gitlab/oauth/token" && c.form.grant_type === "refresh_token",
    );
    expect(refresh).toHaveLength(1);
    expect(refresh[0]?.status).toBe(200);
    const renewed = await db.account.findUniqueOrThrow({ where: { id: account.id } });
    expect(renewed.expires_at).toBeGreaterThan(Date.now() / 1000);
    expect(await cipher.decrypt(renewed.refresh_token ?? "")).toBe(standIn.refreshTokens.at(-1));
    expect(standIn.problems).toEqual([]);
  });
});
