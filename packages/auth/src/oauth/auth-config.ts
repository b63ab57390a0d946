import { Auth, type AuthConfig } from "@auth/core";
import type { Db } from "@cairn/db";
import type { SecretCipher } from "@cairn/secrets";
import { SESSION_MAX_AGE_SECONDS, sessionCookieName } from "../session.ts";
import { storeAccountTokens } from "./account-token.ts";
import { createEncryptedAdapter } from "./encrypted-adapter.ts";
import { buildOAuthProviders } from "./providers.ts";
import {
  isOAuthProviderId,
  OAUTH_BASE_PATH,
  type OAuthProviderId,
  type OAuthSettings,
} from "./settings.ts";

/** What the app learns when someone signs in with a provider (to sync repositories, audit). */
export interface OAuthSignInEvent {
  userId: string;
  provider: OAuthProviderId;
  /** The provider's fresh access token, for calls made right now; never store or log it. */
  accessToken: string | null;
  isNewUser: boolean;
  login: string | null;
}

export interface CairnAuthOptions {
  db: Db;
  cipher: SecretCipher;
  settings: OAuthSettings;
  /** Cairn's public URL (CAIRN_URL): callback URLs and the cookie's `secure` flag follow it. */
  baseUrl: string;
  /** AUTH_SECRET: signs Auth.js's CSRF, state and PKCE cookies. */
  secret: string;
  onSignIn?: (event: OAuthSignInEvent) => Promise<void>;
  onError?: (message: string) => void;
}

/**
 * Auth.js (@auth/core) with the database session strategy on Cairn's own tables.
 *
 * Why this way rather than running the OAuth flow by hand: Auth.js already does the
 * authorization-code flow with state and PKCE, account linking and the session row, and
 * its database sessions are exactly Cairn's (the `sessions` table, cookie
 * `authjs.session-token`), so the one-time sign-in link, tRPC, REST and socket.io keep
 * reading every session with `getSessionUser`. Two things are Cairn's own: the adapter
 * encrypts the provider tokens (@cairn/secrets), and a sign-in refreshes the stored tokens
 * (Auth.js only writes them when an account is first linked).
 */
export function createAuthConfig(options: CairnAuthOptions): AuthConfig {
  const { db, cipher, baseUrl } = options;
  const secure = new URL(baseUrl).protocol === "https:";
  return {
    basePath: OAUTH_BASE_PATH,
    secret: options.secret,
    // The app rebuilds every request on CAIRN_URL before handing it over (see the route).
    trustHost: true,
    useSecureCookies: secure,
    adapter: createEncryptedAdapter(db, cipher),
    providers: buildOAuthProviders(options.settings),
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    cookies: {
      sessionToken: {
        name: sessionCookieName(baseUrl),
        options: { httpOnly: true, sameSite: "lax", path: "/", secure },
      },
    },
    callbacks: {
      // Only Cairn's own pages: an open redirect would hand a signed-in user to anyone.
      redirect({ url }) {
        const target = new URL(url, baseUrl);
        return target.origin === new URL(baseUrl).origin ? target.toString() : baseUrl;
      },
    },
    events: {
      async signIn({ user, account, profile, isNewUser }) {
        if (!account || !user.id || !isOAuthProviderId(account.provider)) return;
        const row = await db.account.findUnique({
          where: {
            provider_providerAccountId: {
              provider: account.provider,
              providerAccountId: account.providerAccountId,
            },
          },
          include: { user: { select: { login: true } } },
        });
        if (!row) return;
        await storeAccountTokens(db, cipher, row.id, account);
        const login = loginOf(profile);
        if (!row.user.login && login) {
          await db.user.update({ where: { id: row.userId }, data: { login } });
        }
        // Sign-in succeeds even if what follows it (repository sync, audit) fails.
        await options
          .onSignIn?.({
            userId: row.userId,
            provider: account.provider,
            accessToken: account.access_token ?? null,
            isNewUser: isNewUser ?? false,
            login: row.user.login ?? login,
          })
          .catch((error: unknown) =>
            options.onError?.(
              `after sign-in: ${error instanceof Error ? error.message : "failed"}`,
            ),
          );
      },
    },
    // Auth.js's default logger prints error causes, which can carry provider answers:
    // only the error's kind and message are logged, never tokens.
    logger: {
      error(error) {
        options.onError?.(`sign-in: ${error.name}: ${error.message.split("\n")[0]}`);
      },
      warn() {},
      debug() {},
    },
  };
}

/** The VCS login in a provider's raw profile: GitHub `login`, GitLab and Bitbucket `username`. */
function loginOf(profile: unknown): string | null {
  const p = (profile ?? {}) as Record<string, unknown>;
  for (const key of ["login", "username", "nickname"]) {
    if (typeof p[key] === "string" && p[key] !== "") return p[key] as string;
  }
  return null;
}

/**
 * Answers a request under `/api/auth/*` (sign-in, callback, CSRF token, sign-out). The
 * request is rebuilt on Cairn's public URL, so callback URLs and cookie flags follow
 * CAIRN_URL whatever Host header or proxy the request came through.
 */
export async function handleAuthRequest(request: Request, config: AuthConfig, baseUrl: string) {
  const url = new URL(request.url);
  const rebased = new URL(`${url.pathname}${url.search}`, baseUrl);
  const body =
    request.method === "GET" || request.method === "HEAD" ? undefined : await request.text();
  return Auth(
    new Request(rebased, { method: request.method, headers: request.headers, body }),
    config,
  );
}
