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

/** A page of `items` (1-based `page`) and whether another follows. */
export function paginate<T>(
  items: T[],
  page: number,
  perPage: number,
): { items: T[]; more: boolean } {
  const start = (page - 1) * perPage;
  return { items: items.slice(start, start + perPage), more: start + perPage < items.length };
}
