import { setTimeout as sleep } from "node:timers/promises";
import type { CreatedResource, HostedProviderId, ProviderApiOptions, RetryPolicy } from "./api.ts";
import { errorCodeForStatus, ProviderApiError } from "./api-errors.ts";

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

const PROVIDER_NAMES: Record<HostedProviderId, string> = {
  github: "GitHub",
  gitlab: "GitLab",
  bitbucket: "Bitbucket",
};

export interface ApiRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Relative to the base URL (starting with `/`), or an absolute URL (pagination links). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Accept header; the client's default when absent. */
  accept?: string;
  /** Answer `null` rather than throwing on a 404. */
  allowNotFound?: boolean;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface ProviderHttpOptions extends ProviderApiOptions {
  provider: HostedProviderId;
  baseUrl: string;
  /** Headers every request carries (authorization, API version, user agent). */
  headers: Record<string, string>;
  defaultAccept: string;
}

/**
 * One provider's HTTP transport: JSON in and out, retries with exponential backoff and
 * jitter for 5xx, 429 and network failures (a `Retry-After` from the provider wins, up to
 * `maxDelayMs`), and typed errors whose messages never carry the token.
 */
export class ProviderHttp {
  readonly provider: HostedProviderId;
  readonly baseUrl: string;
  private readonly retry: RetryPolicy;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly options: ProviderHttpOptions) {
    this.provider = options.provider;
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  get providerName(): string {
    return PROVIDER_NAMES[this.provider];
  }

  url(path: string, query?: ApiRequest["query"]): URL {
    const url = /^https?:\/\//.test(path) ? new URL(path) : new URL(this.baseUrl + path);
    // A pagination link elsewhere must not receive the token.
    if (url.origin !== new URL(this.baseUrl).origin)
      throw this.invalidResponse(path, `a link outside ${new URL(this.baseUrl).origin}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  /** The response, or `null` for an allowed 404; throws ProviderApiError otherwise. */
  async request(request: ApiRequest): Promise<ApiResponse | null> {
    const url = this.url(request.path, request.query);
    const what = `${request.method} ${url.pathname}`;
    const headers: Record<string, string> = {
      ...this.options.headers,
      Accept: request.accept ?? this.options.defaultAccept,
    };
    let body: string | undefined;
    if (request.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(request.body);
    }

    for (let attempt = 1; ; attempt++) {
      const last = attempt >= this.retry.attempts;
      let response: Response;
      try {
        response = await this.fetchImpl(url, {
          method: request.method,
          headers,
          body,
          redirect: "follow",
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        if (last) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new ProviderApiError(
            this.provider,
            "network",
            `${this.providerName} API ${what} failed after ${attempt} attempts: ${reason}.`,
          );
        }
        await sleep(this.backoff(attempt, null));
        continue;
      }

      const text = await response.text();
      if (response.ok) return { status: response.status, headers: response.headers, text };
      if (response.status === 404 && request.allowNotFound) return null;
      if (!last && isRetryable(response)) {
        await sleep(this.backoff(attempt, response.headers.get("retry-after")));
        continue;
      }
      const detail = providerMessage(text);
      const tries = isRetryable(response) ? ` after ${attempt} attempts` : "";
      throw new ProviderApiError(
        this.provider,
        errorCodeForStatus(response.status),
        `${this.providerName} API ${what} answered ${response.status}${tries}${detail ? `: ${detail}` : ""}.`,
        response.status,
      );
    }
  }

  /** Like `request`, parsing the body as JSON. */
  async json<T = unknown>(request: ApiRequest): Promise<{ data: T; headers: Headers } | null> {
    const response = await this.request(request);
    if (!response) return null;
    if (response.text === "") return { data: undefined as T, headers: response.headers };
    try {
      return { data: JSON.parse(response.text) as T, headers: response.headers };
    } catch {
      throw new ProviderApiError(
        this.provider,
        "invalid_response",
        `${this.providerName} API ${request.method} ${this.url(request.path).pathname} answered with a body that is not JSON.`,
        response.status,
      );
    }
  }

  /** POST a new resource: its id (the answer's `key` field) as a string. */
  async create(path: string, body: unknown, key = "id"): Promise<CreatedResource> {
    const response = await this.json({ method: "POST", path, body });
    const data = response?.data;
    const id =
      data && typeof data === "object" ? (data as Record<string, unknown>)[key] : undefined;
    if (typeof id === "number" || (typeof id === "string" && id !== "")) return { id: String(id) };
    throw this.invalidResponse(`POST ${path.split("/").pop()}`, `no ${key}`);
  }

  /** POST whose answer carries nothing Cairn needs. */
  async post(path: string, body: unknown): Promise<void> {
    await this.request({ method: "POST", path, body });
  }

  /** DELETE a resource; one that is already gone (404) counts as removed. */
  async deleteIfPresent(path: string): Promise<void> {
    await this.request({ method: "DELETE", path, allowNotFound: true });
  }

  /** A file's raw text, or null when the provider has no such file (404). */
  async fileText(
    path: string,
    accept: string,
    query?: ApiRequest["query"],
  ): Promise<string | null> {
    const response = await this.request({
      method: "GET",
      path,
      query,
      accept,
      allowNotFound: true,
    });
    return response ? response.text : null;
  }

  invalidResponse(what: string, detail: string): ProviderApiError {
    return new ProviderApiError(
      this.provider,
      "invalid_response",
      `${this.providerName} API ${what}: unexpected answer (${detail}).`,
    );
  }

  private backoff(attempt: number, retryAfter: string | null): number {
    const fromHeader = parseRetryAfter(retryAfter);
    if (fromHeader !== null) return Math.min(fromHeader, this.retry.maxDelayMs);
    const exponential = this.retry.baseDelayMs * 2 ** (attempt - 1);
    const jittered = exponential / 2 + Math.random() * (exponential / 2);
    return Math.min(jittered, this.retry.maxDelayMs);
  }
}

/**
 * 5xx and 429 are worth another try; so is a 403 that carries Retry-After (GitHub's
 * secondary rate limit answers that way).
 */
function isRetryable(response: Response): boolean {
  if (response.status >= 500 || response.status === 429) return true;
  return response.status === 403 && response.headers.has("retry-after");
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds; null if absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === "") return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** The provider's own explanation: GitHub/GitLab `message`, Bitbucket `error.message`. */
function providerMessage(text: string): string {
  let message = "";
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const error = body.error;
    if (typeof body.message === "string") message = body.message;
    else if (Array.isArray(body.message)) message = body.message.join("; ");
    else if (error && typeof error === "object" && "message" in error)
      message = String((error as { message: unknown }).message);
    else if (typeof error === "string") message = error;
    else if (body.message && typeof body.message === "object")
      message = JSON.stringify(body.message);
  } catch {
    message = text.trim();
  }
  return message.replace(/\s+/g, " ").slice(0, 300);
}

/** Each path segment escaped, the slashes kept (GitHub contents, Bitbucket src). */
export function encodeFilePath(path: string): string {
  return path
    .replace(/^\/+/, "")
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}
