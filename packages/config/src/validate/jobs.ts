import type { ErrorList } from "../errors.ts";
import { checkKeys, expectMap, expectScalar } from "./checks.ts";
import { type Cursor, child, report } from "./cursor.ts";
import { checkExecutorCommon, checkExecutorKind, EXECUTOR_KINDS } from "./executors.ts";
import { checkParameterDefinitions } from "./parameters.ts";
import { checkSteps } from "./steps.ts";

export const JOB_KEYS = [
  ...EXECUTOR_KINDS,
  "executor",
  "steps",
  "working_directory",
  "parallelism",
  "environment",
  "resource_class",
  "shell",
  "parameters",
  "description",
  "type",
  "circleci_ip_ranges",
  "retention",
  // 2.0 job-level branch filter, still accepted (and ignored under workflows) by CircleCI
  "branches",
] as const;

export const JOB_TYPES = ["build", "approval", "no-op", "release"];

/** Checks `jobs.X` as written (before parameters are substituted). */
export function checkJobDefinition(errors: ErrorList, at: Cursor, name: string): void {
  const what = `job '${name}'`;
  if (!expectMap(errors, at, what)) return;
  checkKeys(errors, at, JOB_KEYS, what);
  checkParameterDefinitions(errors, child(at, "parameters"), "job");
  const type = at.value.type;
  if (type !== undefined && (typeof type !== "string" || !JOB_TYPES.includes(type))) {
    report(
      errors,
      child(at, "type"),
      `${what} has type ${JSON.stringify(type)}; expected one of ${JOB_TYPES.join(", ")}`,
    );
  }
  if (type === "no-op" || type === "approval") return; // no executor, no steps
  checkExecutorKind(errors, at, what, true);
  checkExecutorCommon(errors, at);
  if (at.value.steps === undefined || at.value.steps === null)
    report(errors, at, `${what} needs 'steps'`);
  else checkSteps(errors, child(at, "steps"), `'steps' of ${what}`);
  const parallelism = child(at, "parallelism");
  if (parallelism.value !== undefined)
    expectScalar(errors, parallelism, "integer", "'parallelism'");
}

/** Checks `commands.X`. */
export function checkCommandDefinition(errors: ErrorList, at: Cursor, name: string): void {
  const what = `command '${name}'`;
  if (!expectMap(errors, at, what)) return;
  checkKeys(errors, at, ["steps", "parameters", "description"], what);
  checkParameterDefinitions(errors, child(at, "parameters"), "command");
  if (at.value.steps === undefined || at.value.steps === null)
    report(errors, at, `${what} needs 'steps'`);
  else checkSteps(errors, child(at, "steps"), `'steps' of ${what}`);
}
