import { VcsError, type VcsErrorCode } from "../errors.ts";

const KNOWN_FAILURES: { pattern: RegExp; code: VcsErrorCode; explain: string }[] = [
  {
    pattern: /Permission denied \([^)]*publickey/,
    code: "auth_failed",
    explain:
      "The git server refused the project's deploy key: add its public key to the repository (read access is enough).",
  },
  {
    pattern: /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/,
    code: "host_key_mismatch",
    explain:
      "The git server's host key differs from the one recorded for this project on its first fetch.",
  },
  {
    pattern: /Authentication failed|could not read (Username|Password)|terminal prompts disabled/,
    code: "auth_failed",
    explain:
      "The git server asked for credentials: put them in the URL or use an ssh:// URL with the deploy key.",
  },
  {
    pattern:
      /Could not resolve host|Connection refused|Connection timed out|No route to host|Network is unreachable|Failed to connect|Connection closed by|Connection reset/,
    code: "network",
    explain: "The git server could not be reached.",
  },
  {
    pattern:
      /does not appear to be a git repository|[Rr]epository not found|not found|does not exist|No such file or directory/,
    code: "not_found",
    explain: "The repository was not found at that URL.",
  },
];

/** Turns a failed git command into an error that says what to do, with git's own words. */
export function gitFailure(action: string, stderr: string): VcsError {
  const said = redactCredentials(lastLines(stderr));
  const known = KNOWN_FAILURES.find(({ pattern }) => pattern.test(stderr));
  const detail = said === "" ? "" : ` (git: ${said})`;
  if (known) return new VcsError(known.code, `${action} failed: ${known.explain}${detail}`);
  return new VcsError("git_failed", `${action} failed${detail}`);
}

/** `https://user:token@host` → `https://***@host`: tokens in URLs must not reach logs. */
export function redactCredentials(text: string): string {
  return text.replace(/(https?:\/\/)[^/@\s]+@/gi, "$1***@");
}

function lastLines(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("Warning: Permanently added"));
  return lines.slice(-3).join(" / ").slice(0, 500);
}
