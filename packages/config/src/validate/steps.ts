import type { ErrorList } from "../errors.ts";
import { describeType, isMap, isSeq } from "../values.ts";
import {
  checkEnvironment,
  checkKeys,
  checkMisspelledKeys,
  expectList,
  expectScalar,
  expectStringOrList,
  isTemplate,
} from "./checks.ts";
import { type Cursor, child, report } from "./cursor.ts";

/** Options of each built-in step (CircleCI configuration reference, "steps"). */
export const BUILTIN_STEP_KEYS: Readonly<Record<string, readonly string[]>> = {
  run: [
    "command",
    "name",
    "shell",
    "environment",
    "background",
    "working_directory",
    "no_output_timeout",
    "when",
    "max_auto_reruns",
    "auto_rerun_delay",
  ],
  checkout: ["name", "path", "method"],
  setup_remote_docker: ["name", "version", "docker_layer_caching"],
  save_cache: ["name", "paths", "key", "when"],
  restore_cache: ["name", "key", "keys"],
  store_artifacts: ["name", "path", "destination"],
  store_test_results: ["name", "path"],
  persist_to_workspace: ["name", "root", "paths"],
  attach_workspace: ["name", "at"],
  add_ssh_keys: ["name", "fingerprints"],
};
/** `deploy` is the deprecated twin of `run`. */
const STEP_ALIASES: Readonly<Record<string, string>> = { deploy: "run" };

/** Built-ins that may be written as a bare string (they have no required option). */
export const BARE_BUILTIN_STEPS = new Set(["checkout", "setup_remote_docker", "add_ssh_keys"]);

export function builtinStepKind(name: string): string | undefined {
  const kind = STEP_ALIASES[name] ?? name;
  return Object.hasOwn(BUILTIN_STEP_KEYS, kind) ? kind : undefined;
}

const RUN_WHEN = ["on_success", "on_fail", "always"];

/** Checks a list of steps as written in a definition (templates allowed). */
export function checkSteps(errors: ErrorList, at: Cursor, what: string): void {
  if (at.value === undefined || at.value === null) return;
  if (isTemplate(at.value)) return; // `steps: << parameters.steps >>`
  if (!expectList(errors, at, what)) return;
  at.value.forEach((_, index) => {
    checkStep(errors, child(at, index));
  });
}

export function checkStep(errors: ErrorList, at: Cursor): void {
  const step = at.value;
  if (typeof step === "string") return; // a bare built-in, a command, or a template
  if (!isMap(step)) {
    report(errors, at, `a step must be a name or a one-key map, not ${describeType(step)}`);
    return;
  }
  const keys = Object.keys(step);
  if (keys.length !== 1) {
    report(
      errors,
      at,
      keys.length === 0
        ? "a step must not be empty"
        : `a step is a map with exactly one key (the step's kind); found ${keys.map((k) => `'${k}'`).join(", ")} — check the indentation`,
    );
    return;
  }
  const name = keys[0]!;
  const options = child(at, name);
  if (name === "when" || name === "unless") {
    checkConditionalStep(errors, options, name);
    return;
  }
  if (name === "steps") {
    checkSteps(errors, options, "'steps'"); // a nested list of steps, spliced in place
    return;
  }
  const kind = builtinStepKind(name);
  if (!kind) return; // a command invocation: its arguments are checked when it is expanded
  checkBuiltinOptions(errors, options, kind, name);
}

function checkConditionalStep(errors: ErrorList, at: Cursor, name: string): void {
  if (!isMap(at.value)) {
    report(
      errors,
      at,
      `a '${name}' step needs 'condition' and 'steps', not ${describeType(at.value)}`,
    );
    return;
  }
  checkKeys(errors, at, ["condition", "steps"], `a '${name}' step`);
  if (!Object.hasOwn(at.value, "condition"))
    report(errors, at, `a '${name}' step needs 'condition'`);
  if (at.value.steps === undefined || at.value.steps === null) {
    report(errors, at, `a '${name}' step needs 'steps'`);
  } else {
    checkSteps(errors, child(at, "steps"), `'${name}' steps`);
  }
}

/** Checks a built-in step's options; `templates` is false once parameters are substituted. */
export function checkBuiltinOptions(
  errors: ErrorList,
  at: Cursor,
  kind: string,
  written: string,
  templates = true,
): void {
  const options = at.value;
  if (options === null || options === undefined) {
    if (!BARE_BUILTIN_STEPS.has(kind)) report(errors, at, `'${written}' needs options`);
    return;
  }
  if (kind === "run" && typeof options === "string") return; // `run: make test`
  if (templates && isTemplate(options)) return;
  if (!isMap(options)) {
    report(errors, at, `'${written}' takes a map of options, not ${describeType(options)}`);
    return;
  }
  checkMisspelledKeys(errors, at, BUILTIN_STEP_KEYS[kind]!, `'${written}'`);
  const str = (key: string) => {
    const c = child(at, key);
    if (c.value !== undefined && c.value !== null)
      expectScalar(errors, c, "string", `'${key}'`, templates);
  };
  const bool = (key: string) => {
    const c = child(at, key);
    if (c.value !== undefined && c.value !== null)
      expectScalar(errors, c, "boolean", `'${key}'`, templates);
  };
  const need = (key: string) => {
    if (options[key] === undefined || options[key] === null)
      report(errors, at, `'${written}' needs '${key}'`);
  };
  if (Object.hasOwn(options, "name")) str("name");
  switch (kind) {
    case "run": {
      need("command");
      for (const key of [
        "command",
        "shell",
        "working_directory",
        "no_output_timeout",
        "auto_rerun_delay",
      ])
        str(key);
      bool("background");
      checkEnvironment(errors, child(at, "environment"), templates);
      checkWhen(errors, child(at, "when"), templates);
      const reruns = child(at, "max_auto_reruns");
      if (reruns.value !== undefined)
        expectScalar(errors, reruns, "integer", "'max_auto_reruns'", templates);
      break;
    }
    case "checkout":
      str("path");
      str("method");
      break;
    case "setup_remote_docker":
      str("version");
      bool("docker_layer_caching");
      break;
    case "save_cache":
      need("key");
      need("paths");
      str("key");
      if (options.paths !== undefined)
        expectStringOrList(errors, child(at, "paths"), "'paths'", templates);
      checkWhen(errors, child(at, "when"), templates);
      break;
    case "restore_cache":
      if (options.key === undefined && options.keys === undefined) {
        report(errors, at, `'${written}' needs 'key' or 'keys'`);
      }
      str("key");
      if (options.keys !== undefined)
        expectStringOrList(errors, child(at, "keys"), "'keys'", templates);
      break;
    case "store_artifacts":
      need("path");
      str("path");
      str("destination");
      break;
    case "store_test_results":
      need("path");
      str("path");
      break;
    case "persist_to_workspace":
      need("root");
      need("paths");
      str("root");
      if (options.paths !== undefined)
        expectStringOrList(errors, child(at, "paths"), "'paths'", templates);
      break;
    case "attach_workspace":
      need("at");
      str("at");
      break;
    case "add_ssh_keys":
      if (options.fingerprints !== undefined && options.fingerprints !== null) {
        expectStringOrList(errors, child(at, "fingerprints"), "'fingerprints'", templates);
      }
      break;
  }
}

function checkWhen(errors: ErrorList, at: Cursor, templates: boolean): void {
  if (at.value === undefined) return;
  if (templates && isTemplate(at.value)) return;
  if (typeof at.value === "string" && RUN_WHEN.includes(at.value)) return;
  report(
    errors,
    at,
    `'when' must be one of on_success, on_fail, always; found ${JSON.stringify(at.value)}`,
  );
}

export function isStepList(value: unknown): value is unknown[] {
  return isSeq(value);
}
