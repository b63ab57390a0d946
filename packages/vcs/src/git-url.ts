import { VcsError } from "./errors.ts";

/** How git reaches the repository; `ssh` is the only one that uses the deploy key. */
export type GitTransport = "ssh" | "https" | "http" | "file";

export interface GitUrl {
  transport: GitTransport;
  /** What git is given. */
  url: string;
  /** The same without credentials (`https://user:token@…` → `https://…`): for logs, UI, `origin`. */
  safeUrl: string;
  /** Absent for local paths. */
  host?: string;
}

const MAX_LENGTH = 2048;

/**
 * Validates a repository location and says how to reach it. Accepted: `ssh://`
 * (also `git+ssh://`), scp-like `user@host:path`, `https://`, `http://`, `file://` and
 * absolute local paths. Everything else is refused, in particular remote helpers
 * (`ext::sh -c …` runs commands) and anything git or ssh could read as an option.
 */
export function normalizeGitUrl(input: string): GitUrl {
  const url = input.trim();
  if (url === "") fail("The repository URL is empty.");
  if (url.length > MAX_LENGTH) fail(`The repository URL is longer than ${MAX_LENGTH} characters.`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\x00-\x1f\x7f]/.test(url)) fail("The repository URL contains control characters.");
  if (url.startsWith("-")) {
    fail("The repository URL must not start with '-' (git would read it as an option).");
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(url)) {
    fail("Remote helper URLs (such as ext:: or fd::) are not allowed.");
  }
  if (/\s/.test(url) && !url.startsWith("/") && !/^file:/i.test(url)) {
    fail("The repository URL must not contain spaces (only local paths may).");
  }

  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url)?.[1]?.toLowerCase();
  if (scheme !== undefined) return normalizeSchemeUrl(url, scheme);
  if (url.startsWith("/")) return { transport: "file", url, safeUrl: url };
  if (isScpLike(url)) return normalizeScpLike(url);
  return fail(
    "Unsupported repository URL: use ssh://…, user@host:path, https://…, http://…, file://… or an absolute path.",
  );
}

function normalizeSchemeUrl(raw: string, scheme: string): GitUrl {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return fail("The repository URL is not a valid URL.");
  }
  switch (scheme) {
    case "ssh":
    case "git+ssh":
    case "ssh+git": {
      const host = requireHost(parsed);
      if (parsed.password !== "") fail("ssh:// URLs must not contain a password.");
      if (parsed.username.startsWith("-")) fail("The ssh user must not start with '-'.");
      requirePath(parsed.pathname);
      const url = `ssh://${raw.slice(raw.indexOf("://") + 3)}`;
      return { transport: "ssh", url, safeUrl: url, host };
    }
    case "https":
    case "http": {
      const host = requireHost(parsed);
      requirePath(parsed.pathname);
      if (parsed.search !== "" || parsed.hash !== "") {
        fail("The repository URL must not have a query string or fragment.");
      }
      const safe = new URL(parsed.href);
      safe.username = "";
      safe.password = "";
      return { transport: scheme, url: parsed.href, safeUrl: safe.href, host };
    }
    case "file": {
      if (parsed.hostname !== "" && parsed.hostname !== "localhost") {
        fail("file:// URLs must name a local path (file:///path).");
      }
      requirePath(parsed.pathname);
      return { transport: "file", url: raw, safeUrl: raw };
    }
    case "git":
      return fail("git:// is not supported (it is unauthenticated): use https:// or ssh://.");
    default:
      return fail(`Unsupported URL scheme "${scheme}://".`);
  }
}

// git's own rule: a colon before the first slash makes `host:path` an ssh location.
function isScpLike(url: string): boolean {
  const colon = url.indexOf(":");
  const slash = url.indexOf("/");
  return colon > 0 && (slash === -1 || colon < slash);
}

function normalizeScpLike(url: string): GitUrl {
  const match = /^(?:([^@\s]+)@)?([^@\s:[\]]+|\[[^\]\s]+\]):(.*)$/.exec(url);
  const [, user, host, path] = match ?? [];
  if (host === undefined || path === undefined) {
    return fail("The repository URL is not a valid user@host:path location.");
  }
  if (user?.startsWith("-")) fail("The ssh user must not start with '-'.");
  if (host.startsWith("-")) fail("The host must not start with '-'.");
  if (/\s/.test(path)) fail("The repository path must not contain spaces.");
  if (path === "") fail("The repository URL has no path after the ':'.");
  return { transport: "ssh", url, safeUrl: url, host };
}

function requireHost(parsed: URL): string {
  if (parsed.hostname === "") fail("The repository URL has no host.");
  if (parsed.hostname.startsWith("-")) fail("The host must not start with '-'.");
  return parsed.hostname;
}

function requirePath(pathname: string): void {
  if (pathname === "" || pathname === "/") fail("The repository URL has no repository path.");
}

function fail(message: string): never {
  throw new VcsError("invalid_url", message);
}
