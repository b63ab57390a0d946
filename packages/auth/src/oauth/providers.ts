import type { OAuthConfig } from "@auth/core/providers";
import type { OAuthAppSettings, OAuthProviderId, OAuthSettings } from "./settings.ts";
import { enabledOAuthProviders } from "./settings.ts";

/** What Cairn keeps of a provider's user: the Auth.js user fields plus the VCS login. */
export interface CairnOAuthProfile {
  id: string;
  name: string | null;
  /** Only an address the provider says is verified, so linking by email is safe. */
  email: string | null;
  image: string | null;
  login: string | null;
}

type Json = Record<string, unknown>;

const trim = (url: string) => url.replace(/\/+$/, "");
const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

async function getJson(url: string, accessToken: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json", ...headers },
    signal: AbortSignal.timeout(15_000),
  });
  if (!response.ok) throw new Error(`${new URL(url).pathname} answered ${response.status}`);
  return (await response.json()) as unknown;
}

/**
 * The scopes Cairn asks for: reading the user and their verified emails, listing
 * repositories with permissions, adding a deploy key and a webhook, posting commit statuses.
 */
export const OAUTH_SCOPES: Record<OAuthProviderId, string> = {
  github: "read:user user:email repo admin:repo_hook read:org",
  gitlab: "api read_user",
  bitbucket: "account email repository:admin webhook",
};

// Every provider: the state parameter and PKCE (Auth.js's default is PKCE alone), and
// linking to an existing user with the same email, which is safe because `email` is only
// ever a verified address (see each profile below).
const common = {
  checks: ["pkce", "state"] as ("pkce" | "state")[],
  allowDangerousEmailAccountLinking: true,
};

function github(app: OAuthAppSettings): OAuthConfig<Json> {
  const web = trim(app.webUrl);
  const api = trim(app.apiUrl);
  const githubHeaders = { "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "Cairn" };
  return {
    id: "github",
    name: "GitHub",
    type: "oauth",
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    issuer: `${web}/login/oauth`,
    authorization: { url: `${web}/login/oauth/authorize`, params: { scope: OAUTH_SCOPES.github } },
    token: `${web}/login/oauth/access_token`,
    userinfo: {
      url: `${api}/user`,
      // GET /user shows only a public email; GET /user/emails says which one is verified.
      async request({ tokens }: { tokens: { access_token?: string } }) {
        const token = tokens.access_token ?? "";
        const user = (await getJson(`${api}/user`, token, githubHeaders)) as Json;
        const emails = (await getJson(`${api}/user/emails`, token, githubHeaders)) as Json[];
        const verified = emails.find((e) => e.primary === true && e.verified === true);
        return { ...user, email: text(verified?.email) };
      },
    },
    profile: (p): CairnOAuthProfile => ({
      id: String(p.id),
      name: text(p.name) ?? text(p.login),
      email: text(p.email),
      image: text(p.avatar_url),
      login: text(p.login),
    }),
    ...common,
  };
}

function gitlab(app: OAuthAppSettings): OAuthConfig<Json> {
  const web = trim(app.webUrl);
  return {
    id: "gitlab",
    name: "GitLab",
    type: "oauth",
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    authorization: { url: `${web}/oauth/authorize`, params: { scope: OAUTH_SCOPES.gitlab } },
    token: `${web}/oauth/token`,
    userinfo: `${trim(app.apiUrl)}/api/v4/user`,
    // GitLab's GET /user carries `confirmed_at` for the signed-in user: an unconfirmed
    // address is not used for linking.
    profile: (p): CairnOAuthProfile => ({
      id: String(p.id),
      name: text(p.name) ?? text(p.username),
      email: p.confirmed_at ? text(p.email) : null,
      image: text(p.avatar_url),
      login: text(p.username),
    }),
    ...common,
  };
}

function bitbucket(app: OAuthAppSettings): OAuthConfig<Json> {
  const web = trim(app.webUrl);
  const api = trim(app.apiUrl);
  return {
    id: "bitbucket",
    name: "Bitbucket",
    type: "oauth",
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    authorization: {
      url: `${web}/site/oauth2/authorize`,
      params: { scope: OAUTH_SCOPES.bitbucket },
    },
    token: `${web}/site/oauth2/access_token`,
    userinfo: {
      url: `${api}/user`,
      // GET /user has no email; GET /user/emails lists them with `is_confirmed`.
      async request({ tokens }: { tokens: { access_token?: string } }) {
        const token = tokens.access_token ?? "";
        const user = (await getJson(`${api}/user`, token)) as Json;
        const emails = (await getJson(`${api}/user/emails`, token)) as { values?: Json[] };
        const verified = (emails.values ?? []).find(
          (e) => e.is_primary === true && e.is_confirmed === true,
        );
        return { ...user, email: text(verified?.email) };
      },
    },
    profile: (p): CairnOAuthProfile => ({
      id: text(p.uuid) ?? String(p.account_id),
      name: text(p.display_name) ?? text(p.username),
      email: text(p.email),
      image: text((p.links as { avatar?: { href?: string } } | undefined)?.avatar?.href),
      login: text(p.username) ?? text(p.nickname),
    }),
    ...common,
  };
}

const BUILDERS: Record<OAuthProviderId, (app: OAuthAppSettings) => OAuthConfig<Json>> = {
  github,
  gitlab,
  bitbucket,
};

/** The Auth.js providers of the configured OAuth applications. */
export function buildOAuthProviders(settings: OAuthSettings): OAuthConfig<Json>[] {
  return enabledOAuthProviders(settings).map((id) => BUILDERS[id](settings[id]!));
}
