import type { HostedProviderId, RepositoryPermission } from "../../providers/api.ts";

export interface StandInRepository {
  provider: HostedProviderId;
  id: string;
  fullName: string;
  permission: RepositoryPermission;
  private: boolean;
  defaultBranch: string;
  files: Record<string, Record<string, string>>;
  deployKeys: { id: string; title: string; key: string; readOnly: boolean }[];
  hooks: { id: string; url: string; secret: string | undefined; events: string[] }[];
  statuses: { sha: string; state: string; context: string; description?: string; url?: string }[];
}

export interface StandInState {
  repositories: StandInRepository[];
  nextId: number;
}

export interface StandInRequest {
  provider: HostedProviderId;
  method: string;
  path: string;
  segments: string[];
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  rawBody: string;
  origin: string;
  prefix: string;
  token: string;
}

export type RouteResult =
  | {
      status: number;
      json?: unknown;
      text?: string;
      contentType?: string;
      headers?: Record<string, string>;
    }
  /** An answer the provider gives to a valid request (e.g. 404 for an unknown repository). */
  | { status: number; error: string }
  /** The request broke the provider's documented rules. */
  | { status: number; problem: string };

export interface Route {
  method: string;
  match(segments: string[]): boolean;
  checkHeaders?(request: StandInRequest): string | undefined;
  handle(request: StandInRequest, state: StandInState): RouteResult;
}

/**
 * A route whose path is given as segments; `:name` matches one segment, `*name` the rest
 * (at least one). Handlers receive the captured values.
 */
export function route(
  method: string,
  pattern: string,
  handle: (
    params: Record<string, string>,
    request: StandInRequest,
    state: StandInState,
  ) => RouteResult,
  checkHeaders?: (request: StandInRequest) => string | undefined,
): Route {
  const parts = pattern.split("/").filter(Boolean);
  const capture = (segments: string[]): Record<string, string> | null => {
    const params: Record<string, string> = {};
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      if (part.startsWith("*")) {
        if (segments.length <= i) return null;
        params[part.slice(1)] = segments.slice(i).join("/");
        return params;
      }
      const segment = segments[i];
      if (segment === undefined) return null;
      if (part.startsWith(":")) params[part.slice(1)] = segment;
      else if (part !== segment) return null;
    }
    return segments.length === parts.length ? params : null;
  };
  return {
    method,
    match: (segments) => capture(segments) !== null,
    checkHeaders,
    handle: (request, state) => handle(capture(request.segments) ?? {}, request, state),
  };
}

export function objectBody(body: unknown): Record<string, unknown> | null {
  return body && typeof body === "object" && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : null;
}

export const RANK: Record<RepositoryPermission, number> = { read: 1, write: 2, admin: 3 };

export function allows(repo: StandInRepository, needed: RepositoryPermission): boolean {
  return RANK[repo.permission] >= RANK[needed];
}

export type RepoHandler = (
  repo: StandInRepository,
  params: Record<string, string>,
  request: StandInRequest,
  state: StandInState,
) => RouteResult;

/**
 * A maker of routes on one repository: it finds the repository from the path, answers
 * as the provider does when it is unknown or the permission falls short, and checks the
 * provider's headers.
 */
export function repoRouteMaker(provider: {
  find(state: StandInState, params: Record<string, string>): StandInRepository | undefined;
  notFound: RouteResult;
  forbidden: RouteResult;
  checkHeaders(request: StandInRequest): string | undefined;
}): (method: string, pattern: string, needed: RepositoryPermission, handle: RepoHandler) => Route {
  return (method, pattern, needed, handle) =>
    route(
      method,
      pattern,
      (params, request, state) => {
        const repo = provider.find(state, params);
        if (!repo) return provider.notFound;
        if (!allows(repo, needed)) return provider.forbidden;
        return handle(repo, params, request, state);
      },
      provider.checkHeaders,
    );
}

/** A problem unless the request accepts JSON (an absent Accept means anything). */
export function expectJsonAccept(request: StandInRequest): string | undefined {
  const accept = request.headers.accept ?? "*/*";
  return accept.includes("application/json") || accept.includes("*/*")
    ? undefined
    : "expected Accept: application/json";
}

/** DELETE of a deploy key or hook: 204, or 404 with the provider's message. */
export function removeById(
  items: { id: string }[],
  id: string | undefined,
  notFound: string,
): RouteResult {
  const index = items.findIndex((item) => item.id === id);
  if (index < 0) return { status: 404, error: notFound };
  items.splice(index, 1);
  return { status: 204 };
}

/** The URL of the page after `page`: the same listing and query, the page number moved on. */
export function nextPageUrl(request: StandInRequest, path: string, page: number): string {
  const next = new URL(`${request.origin}${request.prefix}${path}`);
  for (const [key, value] of Object.entries(request.query)) next.searchParams.set(key, value);
  next.searchParams.set("page", String(page + 1));
  return next.href;
}

/**
 * The `page` (from the query) of a listing chained by `Link: rel="next"` headers, as
 * GitHub and GitLab answer them.
 */
export function linkedPage<T>(
  request: StandInRequest,
  path: string,
  all: T[],
  perPage: number,
): { items: T[]; page: number; more: boolean; headers: Record<string, string> } {
  const page = Number(request.query.page ?? 1);
  const { items, more } = paginate(all, page, perPage);
  const headers: Record<string, string> = {};
  if (more) headers.Link = `<${nextPageUrl(request, path, page)}>; rel="next"`;
  return { items, page, more, headers };
}

/** A page of `items` (1-based `page`) and whether another follows. */
export function paginate<T>(
  items: T[],
  page: number,
  perPage: number,
): { items: T[]; more: boolean } {
  const start = (page - 1) * perPage;
  return { items: items.slice(start, start + perPage), more: start + perPage < items.length };
}
