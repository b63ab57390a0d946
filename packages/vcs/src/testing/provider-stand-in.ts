import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { text as readText } from "node:stream/consumers";
import type { HostedProviderId, RepositoryPermission } from "../providers/api.ts";
import { bitbucketRoutes } from "./stand-in/bitbucket-routes.ts";
import { githubRoutes } from "./stand-in/github-routes.ts";
import { gitlabRoutes } from "./stand-in/gitlab-routes.ts";
import type { Route, StandInRequest, StandInState } from "./stand-in/types.ts";

export type { StandInRepository } from "./stand-in/types.ts";

/** One request the stand-in received, with what it answered. */
export interface RecordedCall {
  provider: HostedProviderId;
  method: string;
  /** The path after the provider's prefix, decoded segment by segment, e.g. `/repos/a/b/keys`. */
  path: string;
  /** The path as sent (still percent-encoded), after the prefix. */
  rawPath: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  status: number;
}

export interface InjectedFault {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface ProviderStandIn {
  /** Base URLs to hand the API clients (`baseUrl`). */
  baseUrls: Record<HostedProviderId, string>;
  calls: RecordedCall[];
  /**
   * Requests that broke the provider's documented rules (wrong method, auth header form,
   * Accept, content type, body): each also got the provider's error answer.
   */
  problems: string[];
  state: StandInState;
  addRepository(
    provider: HostedProviderId,
    repo: {
      id: string;
      fullName: string;
      permission: RepositoryPermission;
      private?: boolean;
      defaultBranch?: string;
      /** sha → path → contents */
      files?: Record<string, Record<string, string>>;
    },
  ): void;
  /** The next `count` requests to `provider` get this answer instead. */
  failNext(provider: HostedProviderId, count: number, fault: InjectedFault): void;
  callsTo(provider: HostedProviderId, method?: string, pathPattern?: RegExp): RecordedCall[];
  close(): Promise<void>;
}

const ROUTES: Record<HostedProviderId, { prefix: string; routes: Route[] }> = {
  github: { prefix: "/github", routes: githubRoutes },
  gitlab: { prefix: "/gitlab/api/v4", routes: gitlabRoutes },
  bitbucket: { prefix: "/bitbucket/2.0", routes: bitbucketRoutes },
};

/**
 * A local HTTP server that answers GitHub's, GitLab's and Bitbucket Cloud's REST APIs as
 * they document them, for the calls Cairn makes, and checks each request (method, path,
 * `Authorization: Bearer <token>`, Accept, content type, body).
 */
export async function startProviderStandIn(options: { token: string }): Promise<ProviderStandIn> {
  const state: StandInState = { repositories: [], nextId: 1000 };
  const calls: RecordedCall[] = [];
  const problems: string[] = [];
  const faults: Record<HostedProviderId, InjectedFault[]> = {
    github: [],
    gitlab: [],
    bitbucket: [],
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      problems.push(`stand-in failure: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const provider = (Object.keys(ROUTES) as HostedProviderId[]).find((p) =>
      url.pathname.startsWith(`${ROUTES[p].prefix}/`),
    );
    if (!provider) {
      problems.push(`request outside any provider: ${req.method} ${url.pathname}`);
      res.writeHead(404).end();
      return;
    }
    const rawPath = url.pathname.slice(ROUTES[provider].prefix.length);
    const segments = rawPath.split("/").slice(1).map(decodeURIComponent);
    const text = await readText(req);
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers[key] = value;
    }
    const call: RecordedCall = {
      provider,
      method: req.method ?? "GET",
      path: `/${segments.join("/")}`,
      rawPath,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
      status: 0,
    };
    calls.push(call);

    const request: StandInRequest = {
      ...call,
      segments,
      rawBody: text,
      origin: `http://${req.headers.host}`,
      prefix: ROUTES[provider].prefix,
      token: options.token,
    };
    const fault = faults[provider].shift();
    if (fault) {
      call.status = fault.status;
      res.writeHead(fault.status, { "Content-Type": "application/json", ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ message: `injected ${fault.status}` }));
      return;
    }
    const answer = answerFor(provider, request, state, problems);
    call.status = answer.status;
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    baseUrls: {
      github: `${origin}/github`,
      gitlab: `${origin}/gitlab`,
      bitbucket: `${origin}/bitbucket/2.0`,
    },
    calls,
    problems,
    state,
    addRepository(provider, repo) {
      state.repositories.push({
        provider,
        id: repo.id,
        fullName: repo.fullName,
        permission: repo.permission,
        private: repo.private ?? true,
        defaultBranch: repo.defaultBranch ?? "main",
        files: repo.files ?? {},
        deployKeys: [],
        hooks: [],
        statuses: [],
      });
    },
    failNext(provider, count, fault) {
      for (let i = 0; i < count; i++) faults[provider].push(fault);
    },
    callsTo(provider, method, pathPattern) {
      return calls.filter(
        (call) =>
          call.provider === provider &&
          (!method || call.method === method) &&
          (!pathPattern || pathPattern.test(call.path)),
      );
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answerFor(
  provider: HostedProviderId,
  request: StandInRequest,
  state: StandInState,
  problems: string[],
): { status: number; headers: Record<string, string>; body: string } {
  const { routes } = ROUTES[provider];
  const matching = routes.filter((route) => route.match(request.segments));
  const route = matching.find((candidate) => candidate.method === request.method);
  const problem = (status: number, message: string) => {
    problems.push(`${provider} ${request.method} ${request.path}: ${message}`);
    return errorAnswer(provider, status, message);
  };
  if (!route) {
    return matching.length > 0
      ? problem(405, "method not allowed")
      : problem(404, "no such endpoint");
  }
  if (request.headers.authorization !== `Bearer ${request.token}`) {
    return problem(401, "expected Authorization: Bearer <token>");
  }
  if (request.method !== "GET" && request.method !== "DELETE" && request.rawBody !== "") {
    if (!request.headers["content-type"]?.startsWith("application/json"))
      return problem(415, "a JSON body needs Content-Type: application/json");
  }
  const check = route.checkHeaders?.(request);
  if (check) return problem(400, check);
  const result = route.handle(request, state);
  if ("problem" in result) return problem(result.status, result.problem);
  if ("error" in result) return errorAnswer(provider, result.status, result.error);
  return {
    status: result.status,
    headers: {
      "Content-Type": result.contentType ?? "application/json; charset=utf-8",
      ...result.headers,
    },
    body:
      result.text !== undefined
        ? result.text
        : result.json === undefined
          ? ""
          : JSON.stringify(result.json),
  };
}

/** Each provider's documented error body. */
function errorAnswer(provider: HostedProviderId, status: number, message: string) {
  const body =
    provider === "bitbucket"
      ? { type: "error", error: { message } }
      : provider === "github"
        ? { message, documentation_url: "https://docs.github.com/rest" }
        : { message: `${status} ${message}` };
  return {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8" },
    body: JSON.stringify(body),
  };
}
