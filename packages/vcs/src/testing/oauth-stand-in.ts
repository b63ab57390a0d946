import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { text as readText } from "node:stream/consumers";
import type { HostedProviderId } from "../providers/api.ts";
import type { ProviderStandIn } from "./provider-stand-in.ts";

/** The signed-in user a provider's stand-in reports. */
export interface OAuthStandInUser {
  id: string;
  login: string;
  name: string;
  email: string;
  /** Whether the provider says the email is verified (GitHub `verified`, GitLab `confirmed_at`, Bitbucket `is_confirmed`). */
  emailVerified: boolean;
}

export interface OAuthStandInOptions {
  clientId: string;
  clientSecret: string;
  /** Cairn's base URL: the only accepted redirect_uri is `<base>/api/auth/callback/<provider>`. */
  cairnUrl: string;
  /** The access token handed out (the API stand-in's token, so the same user can call it). */
  accessToken: string;
  users: Partial<Record<HostedProviderId, OAuthStandInUser>>;
  /** REST calls other than the user endpoints are passed on to this stand-in. */
  api?: ProviderStandIn;
  /** Lifetime of GitLab's and Bitbucket's access tokens, seconds (their default: 7200). */
  expiresIn?: number;
  /** A fixed port, when the app under test was configured before the stand-in started. */
  port?: number;
}

export interface OAuthCall {
  provider: HostedProviderId;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  form: Record<string, string>;
  status: number;
}

export interface OAuthStandIn {
  /** What to configure as each provider's web URL and API URL. */
  urls: Record<HostedProviderId, { webUrl: string; apiUrl: string }>;
  calls: OAuthCall[];
  /** Requests that broke the provider's documented OAuth rules (each also got an error answer). */
  problems: string[];
  /** Refresh tokens handed out, newest last. */
  refreshTokens: string[];
  close(): Promise<void>;
}

interface Grant {
  provider: HostedProviderId;
  redirectUri: string;
  codeChallenge: string | null;
  used: boolean;
}

const WEB_PREFIX: Record<HostedProviderId, string> = {
  github: "/github-web",
  gitlab: "/gitlab",
  bitbucket: "/bitbucket-web",
};

/** Where each provider documents its endpoints, relative to the web prefix. */
const AUTHORIZE_PATH: Record<HostedProviderId, string> = {
  github: "/login/oauth/authorize",
  gitlab: "/oauth/authorize",
  bitbucket: "/site/oauth2/authorize",
};
const TOKEN_PATH: Record<HostedProviderId, string> = {
  github: "/login/oauth/access_token",
  gitlab: "/oauth/token",
  bitbucket: "/site/oauth2/access_token",
};

/**
 * A local stand-in for the OAuth side of GitHub, GitLab and Bitbucket Cloud, as each
 * documents it: the authorize endpoint (answers at once with a redirect carrying a code
 * and the state, as if the user had clicked "Authorize"), the token endpoint
 * (authorization_code with PKCE, and refresh_token for GitLab and Bitbucket), and the
 * signed-in user's endpoints (GitHub `GET /user`, `GET /user/emails`; GitLab
 * `GET /api/v4/user`; Bitbucket `GET /2.0/user`, `GET /2.0/user/emails`). Other API
 * paths go to the REST stand-in given as `api`, under the same base URLs.
 */
export async function startOAuthStandIn(options: OAuthStandInOptions): Promise<OAuthStandIn> {
  const calls: OAuthCall[] = [];
  const problems: string[] = [];
  const refreshTokens: string[] = [];
  const grants = new Map<string, Grant>();
  const liveRefreshTokens = new Set<string>();

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      problems.push(`stand-in failure: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const body = await readText(req);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers[key] = value;
    }
    const path = url.pathname;
    for (const provider of ["github", "gitlab", "bitbucket"] as const) {
      const web = WEB_PREFIX[provider];
      const call: OAuthCall = {
        provider,
        method: req.method ?? "GET",
        path,
        query: Object.fromEntries(url.searchParams),
        headers,
        form: Object.fromEntries(new URLSearchParams(body)),
        status: 0,
      };
      const answer = (status: number, json: unknown, extra: Record<string, string> = {}) => {
        call.status = status;
        calls.push(call);
        res.writeHead(status, { "Content-Type": "application/json", ...extra });
        res.end(JSON.stringify(json));
      };
      const problem = (status: number, message: string) => {
        problems.push(`${provider} ${call.method} ${path}: ${message}`);
        answer(status, { error: "invalid_request", error_description: message });
      };
      if (path === `${web}${AUTHORIZE_PATH[provider]}`) {
        return authorize(provider, call, res, problem);
      }
      if (path === `${web}${TOKEN_PATH[provider]}`) return token(provider, call, answer, problem);
      const user = userEndpoint(provider, path);
      if (user) {
        const owner = options.users[provider];
        if (headers.authorization !== `Bearer ${options.accessToken}`) {
          return problem(401, "expected Authorization: Bearer <access token>");
        }
        if (!owner) return problem(404, "no user configured");
        return answer(200, userJson(provider, user, owner, `http://${req.headers.host}`));
      }
    }
    if (options.api) return proxy(req, res, url, body, headers);
    problems.push(`unexpected request ${req.method} ${path}`);
    res.writeHead(404).end();
  }

  function authorize(
    provider: HostedProviderId,
    call: OAuthCall,
    res: ServerResponse,
    problem: (status: number, message: string) => void,
  ) {
    const q = call.query;
    const expectedRedirect = `${options.cairnUrl.replace(/\/+$/, "")}/api/auth/callback/${provider}`;
    if (call.method !== "GET") return problem(405, "authorize is a GET");
    if (q.client_id !== options.clientId) return problem(400, "unknown client_id");
    if (q.response_type !== "code") return problem(400, "response_type must be code");
    if (q.redirect_uri !== expectedRedirect) {
      return problem(400, `redirect_uri must be the registered ${expectedRedirect}`);
    }
    if (!q.state) return problem(400, "Cairn must send state");
    if (q.code_challenge_method !== "S256" || !q.code_challenge) {
      return problem(400, "Cairn must send a PKCE S256 code_challenge");
    }
    const code = randomBytes(12).toString("hex");
    grants.set(code, {
      provider,
      redirectUri: q.redirect_uri,
      codeChallenge: q.code_challenge,
      used: false,
    });
    const back = new URL(q.redirect_uri);
    back.searchParams.set("code", code);
    back.searchParams.set("state", q.state);
    call.status = 302;
    calls.push(call);
    res.writeHead(302, { Location: back.toString() }).end();
  }

  function token(
    provider: HostedProviderId,
    call: OAuthCall,
    answer: (status: number, json: unknown) => void,
    problem: (status: number, message: string) => void,
  ) {
    if (call.method !== "POST") return problem(405, "the token endpoint takes POST");
    if (!call.headers["content-type"]?.startsWith("application/x-www-form-urlencoded")) {
      return problem(415, "the token request is form-encoded");
    }
    const { form } = call;
    const basic = basicCredentials(call.headers.authorization);
    const clientId = basic?.id ?? form.client_id;
    const clientSecret = basic?.secret ?? form.client_secret;
    // Bitbucket documents HTTP Basic with the consumer key and secret.
    if (provider === "bitbucket" && !basic) return problem(401, "Bitbucket wants HTTP Basic");
    if (clientId !== options.clientId || clientSecret !== options.clientSecret) {
      return problem(401, "bad client credentials");
    }
    if (provider === "github" && !call.headers.accept?.includes("application/json")) {
      return problem(406, "GitHub answers JSON only with Accept: application/json");
    }
    const expires = provider === "github" ? {} : { expires_in: options.expiresIn ?? 7200 };
    const refresh = () => {
      if (provider === "github") return {};
      const next = `refresh-${randomBytes(8).toString("hex")}`;
      liveRefreshTokens.add(next);
      refreshTokens.push(next);
      return { refresh_token: next };
    };
    if (form.grant_type === "refresh_token" && provider !== "github") {
      if (!form.refresh_token || !liveRefreshTokens.delete(form.refresh_token)) {
        return answer(400, { error: "invalid_grant" });
      }
      return answer(200, {
        access_token: options.accessToken,
        token_type: "bearer",
        ...expires,
        ...refresh(),
      });
    }
    if (provider !== "github" && form.grant_type !== "authorization_code") {
      return problem(400, "grant_type must be authorization_code");
    }
    const grant = form.code ? grants.get(form.code) : undefined;
    if (!grant || grant.used || grant.provider !== provider) {
      return answer(400, { error: "invalid_grant" });
    }
    grant.used = true;
    if (form.redirect_uri !== grant.redirectUri) return problem(400, "redirect_uri differs");
    const challenge = createHash("sha256")
      .update(form.code_verifier ?? "")
      .digest("base64url");
    if (challenge !== grant.codeChallenge) return problem(400, "PKCE code_verifier mismatch");
    const scope = {
      github: { scope: "read:user,user:email,repo,admin:repo_hook,read:org" },
      gitlab: { scope: "api read_user", created_at: Math.floor(Date.now() / 1000) },
      bitbucket: { scopes: "account email repository:admin webhook" },
    }[provider];
    return answer(200, {
      access_token: options.accessToken,
      token_type: "bearer",
      ...scope,
      ...expires,
      ...refresh(),
    });
  }

  async function proxy(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: string,
    headers: Record<string, string>,
  ) {
    const api = options.api!;
    const origin = new URL(api.baseUrls.github).origin;
    const forwarded = { ...headers };
    delete forwarded.host;
    delete forwarded["content-length"];
    delete forwarded.connection;
    const response = await fetch(`${origin}${url.pathname}${url.search}`, {
      method: req.method ?? "GET",
      headers: forwarded,
      body: body === "" ? undefined : body,
    });
    const out: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      if (!["content-length", "transfer-encoding", "connection"].includes(key)) out[key] = value;
    });
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urls: {
      github: { webUrl: `${origin}/github-web`, apiUrl: `${origin}/github` },
      gitlab: { webUrl: `${origin}/gitlab`, apiUrl: `${origin}/gitlab` },
      bitbucket: { webUrl: `${origin}/bitbucket-web`, apiUrl: `${origin}/bitbucket/2.0` },
    },
    calls,
    problems,
    refreshTokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type UserEndpoint = "user" | "emails";

function userEndpoint(provider: HostedProviderId, path: string): UserEndpoint | null {
  const routes: Record<HostedProviderId, Record<string, UserEndpoint>> = {
    github: { "/github/user": "user", "/github/user/emails": "emails" },
    gitlab: { "/gitlab/api/v4/user": "user" },
    bitbucket: { "/bitbucket/2.0/user": "user", "/bitbucket/2.0/user/emails": "emails" },
  };
  return routes[provider][path] ?? null;
}

function userJson(
  provider: HostedProviderId,
  endpoint: UserEndpoint,
  user: OAuthStandInUser,
  origin: string,
) {
  if (provider === "github") {
    if (endpoint === "emails") {
      return [
        { email: user.email, primary: true, verified: user.emailVerified, visibility: "private" },
        {
          email: `${user.login}@users.noreply.github.com`,
          primary: false,
          verified: true,
          visibility: null,
        },
      ];
    }
    // A private email: GET /user shows `email: null`, as GitHub does unless it is public.
    return {
      login: user.login,
      id: Number(user.id),
      avatar_url: `${origin}/avatars/${user.login}`,
      name: user.name,
      email: null,
      type: "User",
    };
  }
  if (provider === "gitlab") {
    return {
      id: Number(user.id),
      username: user.login,
      name: user.name,
      state: "active",
      avatar_url: `${origin}/avatars/${user.login}`,
      email: user.email,
      confirmed_at: user.emailVerified ? "2024-01-01T00:00:00.000Z" : null,
    };
  }
  if (endpoint === "emails") {
    return {
      pagelen: 10,
      page: 1,
      size: 1,
      values: [
        { type: "email", email: user.email, is_primary: true, is_confirmed: user.emailVerified },
      ],
    };
  }
  return {
    type: "user",
    uuid: `{${user.id}}`,
    account_id: `5570:${user.id}`,
    nickname: user.login,
    username: user.login,
    display_name: user.name,
    links: { avatar: { href: `${origin}/avatars/${user.login}` } },
  };
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  if (!header?.startsWith("Basic ")) return null;
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return {
    id: decodeURIComponent(decoded.slice(0, colon)),
    secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}
