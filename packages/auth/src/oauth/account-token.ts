import type { Db } from "@cairn/db";
import type { SecretCipher } from "@cairn/secrets";
import { encryptAccountTokens } from "./encrypted-adapter.ts";
import type { OAuthProviderId, OAuthSettings } from "./settings.ts";

/** Why a user's provider token cannot be had; the message is safe to show. */
export class ProviderTokenError extends Error {
  override name = "ProviderTokenError";
  constructor(
    readonly code: "not_linked" | "expired" | "not_configured",
    message: string,
  ) {
    super(message);
  }
}

/** Refresh a little early so a token does not expire between this check and its use. */
const EXPIRY_MARGIN_SECONDS = 60;

const TOKEN_PATHS: Record<OAuthProviderId, string> = {
  github: "/login/oauth/access_token",
  gitlab: "/oauth/token",
  bitbucket: "/site/oauth2/access_token",
};

/** The user's account at a provider (the most recently used one). */
export function findProviderAccount(db: Db, userId: string, provider: OAuthProviderId) {
  return db.account.findFirst({ where: { userId, provider }, orderBy: { updatedAt: "desc" } });
}

/**
 * The user's current access token at a provider, decrypted. GitLab and Bitbucket tokens
 * expire after about two hours: an expired one is renewed with its refresh token (RFC 6749
 * section 6) and the new pair stored encrypted again.
 */
export async function providerAccessToken(
  db: Db,
  cipher: SecretCipher,
  settings: OAuthSettings,
  userId: string,
  provider: OAuthProviderId,
): Promise<string> {
  const account = await findProviderAccount(db, userId, provider);
  if (!account?.access_token) {
    throw new ProviderTokenError("not_linked", `Sign in with ${provider} first.`);
  }
  const now = Math.floor(Date.now() / 1000);
  const fresh = !account.expires_at || account.expires_at - EXPIRY_MARGIN_SECONDS > now;
  if (fresh) return cipher.decrypt(account.access_token);

  const app = settings[provider];
  if (!app) throw new ProviderTokenError("not_configured", `Sign-in with ${provider} is off.`);
  if (!account.refresh_token) {
    throw new ProviderTokenError("expired", `Your ${provider} sign-in has expired: sign in again.`);
  }
  const response = await fetch(`${app.webUrl.replace(/\/+$/, "")}${TOKEN_PATHS[provider]}`, {
    method: "POST",
    headers: {
      Accept: "application/json",
      "Content-Type": "application/x-www-form-urlencoded",
      Authorization: `Basic ${Buffer.from(
        `${encodeURIComponent(app.clientId)}:${encodeURIComponent(app.clientSecret)}`,
      ).toString("base64")}`,
    },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: await cipher.decrypt(account.refresh_token),
    }),
    signal: AbortSignal.timeout(15_000),
  }).catch(() => null);
  const body = response?.ok
    ? ((await response.json().catch(() => null)) as TokenBody | null)
    : null;
  if (!body?.access_token) {
    throw new ProviderTokenError("expired", `Your ${provider} sign-in has expired: sign in again.`);
  }
  await storeAccountTokens(db, cipher, account.id, {
    access_token: body.access_token,
    // A provider that does not rotate refresh tokens keeps the old one valid.
    refresh_token: body.refresh_token ?? (await cipher.decrypt(account.refresh_token)),
    expires_at: body.expires_in ? now + Number(body.expires_in) : null,
    token_type: body.token_type ?? account.token_type,
    scope: body.scope ?? account.scope,
  });
  return body.access_token;
}

interface TokenBody {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number | string;
  token_type?: string;
  scope?: string;
}

/** Replaces an account's tokens (encrypted), e.g. with the fresh ones of a new sign-in. */
export async function storeAccountTokens(
  db: Db,
  cipher: SecretCipher,
  accountId: string,
  tokens: Parameters<typeof encryptAccountTokens>[1],
) {
  await db.account.update({
    where: { id: accountId },
    data: await encryptAccountTokens(cipher, tokens),
  });
}
