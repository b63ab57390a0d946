/**
 * The environment git and ssh run with: the process's own (PATH, HOME, proxies, CA
 * settings) minus what would redirect or widen them, plus fixed settings that keep them
 * from ever waiting for a person.
 */
export function gitEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    // GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE… are set when this runs under a git hook and
    // would point every command at the wrong repository; an ssh agent would offer keys
    // other than the project's.
    if (name.startsWith("GIT_") || name === "SSH_AUTH_SOCK") continue;
    env[name] = value;
  }
  return {
    ...env,
    LC_ALL: "C",
    GIT_TERMINAL_PROMPT: "0",
    // Transports git may use, submodules and redirects included: never ext:: or fd::.
    GIT_ALLOW_PROTOCOL: "ssh:https:http:file",
    ...extra,
  };
}
