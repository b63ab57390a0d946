import type { ErrorList } from "../errors.ts";
import { describeType, isMap } from "../values.ts";
import {
  checkEnvironment,
  checkKeys,
  expectList,
  expectMap,
  expectScalar,
  expectStringOrList,
  isTemplate,
} from "./checks.ts";
import { type Cursor, child, report } from "./cursor.ts";
import { checkParameterDefinitions } from "./parameters.ts";

/** Executor kinds CircleCI knows. Cairn runs `docker`; the others are recognised and refused. */
export const EXECUTOR_KINDS = ["docker", "machine", "macos"] as const;

/** Keys an executor definition (`executors.X`) may have. */
export const EXECUTOR_KEYS = [
  ...EXECUTOR_KINDS,
  "resource_class",
  "shell",
  "working_directory",
  "environment",
  "parameters",
  "description",
] as const;

const DOCKER_IMAGE_KEYS = [
  "image",
  "name",
  "entrypoint",
  "command",
  "user",
  "environment",
  "auth",
  "aws_auth",
];
const MACHINE_KEYS = ["image", "docker_layer_caching", "resource_class", "shell", "enabled"];
const MACOS_KEYS = ["xcode", "resource_class"];

/** Checks `executors.X`. */
export function checkExecutorDefinition(errors: ErrorList, at: Cursor, name: string): void {
  if (!expectMap(errors, at, `executor '${name}'`)) return;
  checkKeys(errors, at, EXECUTOR_KEYS, `executor '${name}'`);
  checkParameterDefinitions(errors, child(at, "parameters"), "executor");
  checkExecutorKind(errors, at, `executor '${name}'`, false);
  checkExecutorCommon(errors, at);
}

/**
 * Exactly one of docker / machine / macos (or, in a job, `executor`). Returns the kind found.
 */
export function checkExecutorKind(
  errors: ErrorList,
  at: Cursor & { value: Record<string, unknown> },
  what: string,
  allowReference: boolean,
): string | undefined {
  const candidates: string[] = allowReference
    ? [...EXECUTOR_KINDS, "executor"]
    : [...EXECUTOR_KINDS];
  const present = candidates.filter((key) => at.value[key] !== undefined);
  if (present.length === 0) {
    report(
      errors,
      at,
      `${what} needs an executor: one of ${candidates.map((c) => `'${c}'`).join(", ")}`,
    );
    return undefined;
  }
  if (present.length > 1) {
    report(errors, at, `${what} has more than one executor (${present.join(", ")}); keep one`);
    return undefined;
  }
  const kind = present[0]!;
  const body = child(at, kind);
  if (kind === "docker") checkDockerImages(errors, body);
  else if (kind === "machine") checkMachine(errors, body);
  else if (kind === "macos") {
    if (expectMap(errors, body, "'macos'")) checkKeys(errors, body, MACOS_KEYS, "'macos'");
  } else if (kind === "executor") checkExecutorReference(errors, body);
  return kind;
}

/** Keys shared by executors and jobs. */
export function checkExecutorCommon(errors: ErrorList, at: Cursor): void {
  for (const key of ["resource_class", "shell", "working_directory"]) {
    const value = child(at, key);
    if (value.value !== undefined && value.value !== null)
      expectScalar(errors, value, "string", `'${key}'`);
  }
  checkEnvironment(errors, child(at, "environment"));
}

export function checkDockerImages(errors: ErrorList, at: Cursor): void {
  if (isTemplate(at.value)) return;
  if (!expectList(errors, at, "'docker'")) return;
  if (at.value.length === 0) report(errors, at, "'docker' needs at least one image");
  at.value.forEach((_, index) => {
    const image = child(at, index);
    if (!expectMap(errors, image, "a docker image entry")) return;
    checkKeys(errors, image, DOCKER_IMAGE_KEYS, "a docker image");
    const name = child(image, "image");
    if (name.value === undefined || name.value === null)
      report(errors, image, "a docker image entry needs 'image'");
    else expectScalar(errors, name, "string", "'image'");
    for (const key of ["name", "user"]) {
      const value = child(image, key);
      if (value.value !== undefined && value.value !== null)
        expectScalar(errors, value, "string", `'${key}'`);
    }
    for (const key of ["entrypoint", "command"]) {
      const value = child(image, key);
      if (value.value !== undefined && value.value !== null)
        expectStringOrList(errors, value, `'${key}'`);
    }
    checkEnvironment(errors, child(image, "environment"));
    const auth = child(image, "auth");
    if (auth.value !== undefined && expectMap(errors, auth, "'auth'")) {
      checkKeys(errors, auth, ["username", "password"], "'auth'");
    }
    const aws = child(image, "aws_auth");
    if (aws.value !== undefined) expectMap(errors, aws, "'aws_auth'");
  });
}

function checkMachine(errors: ErrorList, at: Cursor): void {
  if (typeof at.value === "boolean" || isTemplate(at.value)) return; // `machine: true`
  if (!isMap(at.value)) {
    report(errors, at, `'machine' must be true or a map, not ${describeType(at.value)}`);
    return;
  }
  checkKeys(errors, at, MACHINE_KEYS, "'machine'");
}

/** `executor: name` or `executor: {name, ...arguments}`. */
export function checkExecutorReference(errors: ErrorList, at: Cursor): void {
  if (typeof at.value === "string") return;
  if (!isMap(at.value)) {
    report(
      errors,
      at,
      `'executor' must be a name or a map with 'name', not ${describeType(at.value)}`,
    );
    return;
  }
  if (at.value.name === undefined) report(errors, at, "'executor' needs 'name'");
}
