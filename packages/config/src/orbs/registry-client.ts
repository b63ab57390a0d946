/**
 * CircleCI's public orb registry, queried the way `circleci orb source ns/name@version`
 * does: one GraphQL POST to `graphql-unstable`. Imported as `@cairn/config/orb-registry`
 * by the CLI and the server (network I/O, kept apart from the pure compiler).
 *
 * Only the orb reference leaves the machine. An orb the registry does not have is
 * `undefined`; a registry that cannot be used (network error, timeout, HTTP error, garbled
 * answer) is `undefined` too, plus one `onWarning` message, so the compile still ends with
 * the usual "orb not found" error instead of hanging or throwing.
 */
import { createCachingRegistryResolver } from "./file-resolver.ts";
import {
  type AsyncOrbResolver,
  formatOrbReference,
  type OrbReference,
  type OrbRegistryClient,
  type ResolvedOrb,
} from "./types.ts";

export const CIRCLECI_ORB_REGISTRY_URL = "https://circleci.com/graphql-unstable";

/** The CLI's `OrbSource` query, plus the orb's name. */
const ORB_VERSION_QUERY = `query OrbVersion($orbVersionRef: String!) {
  orbVersion(orbVersionRef: $orbVersionRef) {
    id
    version
    orb { id name }
    source
  }
}`;

/** Real orbs are kilobytes; the compiler refuses sources over 8 MB, JSON escaping adds some. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

const SAFE_PART = /^[a-z0-9][a-z0-9_-]*$/i;
const SAFE_VERSION = /^[\w.:-]+$/;
/** How the registry words "there is no such orb / version" when it answers with errors. */
const NOT_FOUND_ERROR =
  /not found|cannot find|could not find|does not exist|no such|never published/i;

export interface CircleCiOrbRegistryOptions {
  /** GraphQL endpoint; default CircleCI's public one. */
  url?: string;
  fetch?: typeof globalThis.fetch;
  /** Whole request, answer included; default 10 s. */
  timeoutMs?: number;
  /** Sent as `Circle-Token` (private orbs); never logged or put in messages. */
  token?: string;
  /** Why the registry could not be used, one sentence naming the orb and the registry. */
  onWarning?: (message: string) => void;
}

export function createCircleCiOrbRegistry(
  options: CircleCiOrbRegistryOptions = {},
): OrbRegistryClient {
  return new CircleCiOrbRegistry(options);
}

/** Thrown by the factories for settings that can never work (a clear message, no request made). */
export class OrbRegistrySettingsError extends Error {
  override name = "OrbRegistrySettingsError";
}

/** Thrown inside `fetchOrb` for a registry that cannot be used; turned into a warning there. */
class RegistryUnavailable extends Error {}

class CircleCiOrbRegistry implements OrbRegistryClient {
  private readonly url: string;
  private readonly displayedUrl: string;
  private readonly fetch: typeof globalThis.fetch;
  private readonly timeoutMs: number;
  private readonly token: string | undefined;
  private readonly onWarning: (message: string) => void;

  constructor(
    options: CircleCiOrbRegistryOptions,
    /** The short reason alone, for `createRegistryOrbResolver`'s "not found" wording. */
    private readonly onUnavailable: (reason: string) => void = () => {},
  ) {
    this.url = options.url ?? CIRCLECI_ORB_REGISTRY_URL;
    this.displayedUrl = displayUrl(this.url);
    if (options.timeoutMs !== undefined && !(options.timeoutMs > 0))
      throw new OrbRegistrySettingsError(
        "the orb registry timeout must be a positive number of ms",
      );
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.token = options.token;
    this.onWarning = options.onWarning ?? (() => {});
  }

  async fetchOrb(reference: OrbReference): Promise<ResolvedOrb | undefined> {
    // The parser accepts more than the registry's names; anything else cannot exist there.
    if (
      !SAFE_PART.test(reference.namespace) ||
      !SAFE_PART.test(reference.name) ||
      !SAFE_VERSION.test(reference.version)
    )
      return undefined;
    const ref = formatOrbReference(reference);
    try {
      const answer = await this.query(ref);
      return this.read(answer, ref);
    } catch (error) {
      const reason = this.explain(error);
      this.onUnavailable(reason);
      this.onWarning(
        `CircleCI's orb registry (${this.displayedUrl}) could not be used for ${ref}: ${reason}`,
      );
      return undefined;
    }
  }

  private async query(ref: string): Promise<unknown> {
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      Accept: "application/json",
    };
    if (this.token) headers["Circle-Token"] = this.token;
    const response = await this.fetch(this.url, {
      method: "POST",
      headers,
      body: JSON.stringify({ query: ORB_VERSION_QUERY, variables: { orbVersionRef: ref } }),
      // Covers reading the body too: a registry that stalls mid-answer is cut off as well.
      signal: AbortSignal.timeout(this.timeoutMs),
      redirect: "error",
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new RegistryUnavailable(`it answered HTTP ${response.status}`);
    }
    const text = await readLimited(response);
    try {
      return JSON.parse(text);
    } catch {
      throw new RegistryUnavailable("its answer is not JSON");
    }
  }

  private read(answer: unknown, ref: string): ResolvedOrb | undefined {
    if (!isObject(answer)) throw new RegistryUnavailable("its answer is not a GraphQL response");
    const errors = Array.isArray(answer.errors) ? answer.errors : [];
    const messages = errors.map((e) => (isObject(e) ? String(e.message) : String(e)));
    if (messages.some((m) => NOT_FOUND_ERROR.test(m))) return undefined;
    if (messages.length > 0)
      throw new RegistryUnavailable(`it answered with errors: ${clip(messages.join("; "))}`);
    if (!isObject(answer.data)) throw new RegistryUnavailable("its answer has no data");
    const orbVersion = answer.data.orbVersion;
    if (orbVersion === null || orbVersion === undefined) return undefined;
    if (!isObject(orbVersion) || typeof orbVersion.source !== "string")
      throw new RegistryUnavailable("its answer has no orb source");
    // It names cache files and appears in messages: only a plausible version is kept.
    const version =
      typeof orbVersion.version === "string" && SAFE_VERSION.test(orbVersion.version)
        ? orbVersion.version
        : undefined;
    const exact = version ?? ref.slice(ref.indexOf("@") + 1);
    const name = ref.slice(0, ref.indexOf("@"));
    return {
      source: orbVersion.source,
      file: `${this.displayedUrl}#${name}@${exact}`,
      ...(version !== undefined ? { version } : {}),
    };
  }

  private explain(error: unknown): string {
    if (error instanceof RegistryUnavailable) return error.message;
    const name = (error as Error | undefined)?.name;
    if (name === "TimeoutError" || name === "AbortError")
      return `no answer within ${this.timeoutMs} ms`;
    // fetch wraps the socket error: "fetch failed" with the useful code in `cause`.
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error | undefined)?.message;
    return `network error: ${clip(String(detail))}`;
  }
}

/**
 * The registry as the last orb resolver: fetched orbs are written to `cacheDirectory`
 * (each version fetched once). When the registry could not be used, `describe()` says so,
 * so the "orb not found" error tells why. Create one per compilation: that note is state.
 */
export function createRegistryOrbResolver(
  options: CircleCiOrbRegistryOptions & { cacheDirectory: string },
): AsyncOrbResolver {
  const { cacheDirectory, ...clientOptions } = options;
  let unavailable: string | undefined;
  const registry = new CircleCiOrbRegistry(clientOptions, (reason) => {
    unavailable = reason;
  });
  const caching = createCachingRegistryResolver(registry, cacheDirectory);
  return {
    resolve: (reference) => caching.resolve(reference),
    describe: () =>
      unavailable === undefined
        ? caching.describe()
        : [`CircleCI's public orb registry, which could not be reached (${unavailable})`],
  };
}

async function readLimited(response: Response): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > MAX_ANSWER_BYTES) {
    await response.body?.cancel();
    throw new RegistryUnavailable(`its answer is over ${MAX_ANSWER_BYTES} bytes`);
  }
  if (!response.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  // A reader loop rather than `for await`: DOM typings do not make ReadableStream iterable.
  const reader = response.body.getReader();
  for (;;) {
    const { done, value: chunk } = await reader.read();
    if (done) break;
    size += chunk.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel();
      throw new RegistryUnavailable(`its answer is over ${MAX_ANSWER_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The URL as messages show it, once checked. */
function displayUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OrbRegistrySettingsError("the orb registry URL is not a valid URL");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
    throw new OrbRegistrySettingsError("the orb registry URL must start with https:// or http://");
  // fetch refuses them anyway, and its error would print them.
  if (parsed.username || parsed.password)
    throw new OrbRegistrySettingsError("the orb registry URL must not contain credentials");
  return parsed.toString();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
