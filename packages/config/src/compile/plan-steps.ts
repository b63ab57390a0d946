import type { ErrorList } from "../errors.ts";
import type { PlanStep, StepWhen } from "../plan/types.ts";
import { child, report } from "../validate/cursor.ts";
import { isMap, isSeq, scalarToString } from "../values.ts";
import { normalizeEnvironment } from "./environment.ts";
import type { ExpandedStep } from "./expand-steps.ts";

export const DEFAULT_NO_OUTPUT_TIMEOUT_MS = 10 * 60 * 1000;

/** Names CircleCI shows for steps that have none. */
const DEFAULT_NAMES: Record<string, string> = {
  checkout: "Checkout code",
  setup_remote_docker: "Setup a remote Docker engine",
  save_cache: "Saving cache",
  restore_cache: "Restoring cache",
  store_artifacts: "Uploading artifacts",
  store_test_results: "Uploading test results",
  persist_to_workspace: "Persisting to workspace",
  attach_workspace: "Attaching workspace",
  add_ssh_keys: "Adding SSH keys",
};

/** A built-in step (already checked) as the executor's normalized step, defaults filled in. */
export function toPlanStep(
  errors: ErrorList,
  step: ExpandedStep,
  jobShell: string,
): PlanStep | undefined {
  const raw = step.options;
  const options: Record<string, unknown> = isMap(raw) ? raw : {};
  const text = (key: string): string | undefined =>
    options[key] === undefined || options[key] === null ? undefined : scalarToString(options[key]);
  const list = (key: string): string[] => {
    const value = options[key];
    if (value === undefined || value === null) return [];
    return (isSeq(value) ? value : [value]).map(scalarToString);
  };
  const name = text("name");
  const when = (text("when") ?? "on_success") as StepWhen;
  switch (step.kind) {
    case "run": {
      const command = typeof raw === "string" ? raw : (text("command") ?? "");
      const timeout = parseDuration(text("no_output_timeout"));
      if (timeout === null) {
        report(
          errors,
          child(step.at, "no_output_timeout"),
          `'no_output_timeout' must be a duration like 10m, 1.5h or 30s; found ${JSON.stringify(options.no_output_timeout)}`,
        );
      }
      const delay = parseDuration(text("auto_rerun_delay"));
      if (delay === null) {
        report(
          errors,
          child(step.at, "auto_rerun_delay"),
          `'auto_rerun_delay' must be a duration like 1m or 30s`,
        );
      }
      const workingDirectory = text("working_directory");
      return {
        kind: "run",
        name: name ?? firstLine(command),
        when,
        command,
        shell: text("shell") ?? jobShell,
        environment: normalizeEnvironment(errors, child(step.at, "environment")),
        background: options.background === true,
        ...(workingDirectory !== undefined ? { workingDirectory } : {}),
        noOutputTimeoutMs: timeout ?? DEFAULT_NO_OUTPUT_TIMEOUT_MS,
        maxAutoReruns: typeof options.max_auto_reruns === "number" ? options.max_auto_reruns : 0,
        autoRerunDelayMs: delay ?? 0,
      };
    }
    case "checkout": {
      const path = text("path");
      return {
        kind: "checkout",
        name: name ?? DEFAULT_NAMES.checkout!,
        when,
        method: text("method") ?? "full",
        ...(path !== undefined ? { path } : {}),
      };
    }
    case "save_cache":
      return {
        kind: "save_cache",
        name: name ?? DEFAULT_NAMES.save_cache!,
        when,
        key: text("key") ?? "",
        paths: list("paths"),
      };
    case "restore_cache":
      return {
        kind: "restore_cache",
        name: name ?? DEFAULT_NAMES.restore_cache!,
        when,
        keys: [...list("key"), ...list("keys")],
      };
    case "store_artifacts": {
      const destination = text("destination");
      // Uploads happen after failures too (CircleCI runs them unless the job was canceled).
      return {
        kind: "store_artifacts",
        name: name ?? DEFAULT_NAMES.store_artifacts!,
        when: "always",
        path: text("path") ?? "",
        ...(destination !== undefined ? { destination } : {}),
      };
    }
    case "store_test_results":
      return {
        kind: "store_test_results",
        name: name ?? DEFAULT_NAMES.store_test_results!,
        when: "always",
        path: text("path") ?? "",
      };
    case "persist_to_workspace":
      return {
        kind: "persist_to_workspace",
        name: name ?? DEFAULT_NAMES.persist_to_workspace!,
        when,
        root: text("root") ?? "",
        paths: list("paths"),
      };
    case "attach_workspace":
      return {
        kind: "attach_workspace",
        name: name ?? DEFAULT_NAMES.attach_workspace!,
        when,
        at: text("at") ?? "",
      };
    case "add_ssh_keys":
      return {
        kind: "add_ssh_keys",
        name: name ?? DEFAULT_NAMES.add_ssh_keys!,
        when,
        fingerprints: list("fingerprints"),
      };
    case "setup_remote_docker": {
      const version = text("version");
      return {
        kind: "setup_remote_docker",
        name: name ?? DEFAULT_NAMES.setup_remote_docker!,
        when,
        dockerLayerCaching: options.docker_layer_caching === true,
        ...(version !== undefined ? { version } : {}),
      };
    }
    default:
      return undefined;
  }
}

function firstLine(command: string): string {
  const line = command.trim().split("\n")[0] ?? "";
  return line.length > 0 ? line : "run";
}

/**
 * `10m`, `1.25h`, `30s`, `1h30m`, `500ms` → milliseconds; undefined when absent, null when
 * malformed. A bare number counts as seconds.
 */
export function parseDuration(text: string | undefined): number | undefined | null {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = trimmed;
  if (rest.length === 0) return null;
  while (rest.length > 0) {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!match) return null;
    total += Number(match[1]) * units[match[2]!]!;
    rest = rest.slice(match[0].length);
  }
  return Math.round(total);
}
