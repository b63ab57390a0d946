import type { ErrorList } from "../errors.ts";
import { describeType, isMap, isSeq } from "../values.ts";
import { checkKeys, expectMap, isTemplate } from "./checks.ts";
import { type Cursor, child, report, reportAtKey } from "./cursor.ts";

export const PARAMETER_TYPES = [
  "string",
  "boolean",
  "integer",
  "enum",
  "executor",
  "steps",
  "env_var_name",
] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

/** Pipeline parameters are limited to scalar types. */
const PIPELINE_PARAMETER_TYPES: readonly string[] = ["string", "boolean", "integer", "enum"];

/** Keys of a workflow job entry that can never be job parameters. */
export const RESERVED_JOB_PARAMETERS = ["name", "requires", "context", "type", "filters", "matrix"];

const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

export interface ParameterDefinition {
  type: ParameterType;
  default?: unknown;
  enum?: unknown[];
  description?: string;
}

export type ParameterDefinitions = Record<string, ParameterDefinition>;

/**
 * Checks a `parameters:` block of a command, job, executor or the pipeline. Returns the
 * well-formed definitions (the broken ones are reported and left out).
 */
export function checkParameterDefinitions(
  errors: ErrorList,
  at: Cursor,
  owner: "command" | "job" | "executor" | "pipeline",
): ParameterDefinitions {
  const definitions: ParameterDefinitions = Object.create(null);
  if (at.value === undefined || at.value === null) return definitions;
  if (!expectMap(errors, at, "'parameters'")) return definitions;
  const allowedTypes: readonly string[] =
    owner === "pipeline" ? PIPELINE_PARAMETER_TYPES : PARAMETER_TYPES;
  for (const name of Object.keys(at.value)) {
    const entry = child(at, name);
    if (!NAME_PATTERN.test(name)) {
      reportAtKey(
        errors,
        at,
        name,
        `parameter name '${name}' must start with a letter and use only letters, digits, '_' and '-'`,
      );
    }
    if (owner === "job" && RESERVED_JOB_PARAMETERS.includes(name)) {
      reportAtKey(
        errors,
        at,
        name,
        `'${name}' is reserved in workflows and cannot be a job parameter`,
      );
      continue;
    }
    if (!expectMap(errors, entry, `parameter '${name}'`)) continue;
    checkKeys(
      errors,
      entry,
      ["type", "default", "description", "enum", "display-name"],
      `parameter '${name}'`,
    );
    const type = entry.value.type;
    if (typeof type !== "string" || !allowedTypes.includes(type)) {
      report(
        errors,
        child(entry, "type"),
        type === undefined
          ? `parameter '${name}' needs a 'type' (${allowedTypes.join(", ")})`
          : `parameter '${name}' has type ${JSON.stringify(type)}; expected one of ${allowedTypes.join(", ")}`,
      );
      continue;
    }
    const definition: ParameterDefinition = { type: type as ParameterType };
    if (type === "enum") {
      const values = entry.value.enum;
      if (!isSeq(values) || values.length === 0) {
        report(
          errors,
          child(entry, "enum"),
          `enum parameter '${name}' needs a non-empty 'enum' list`,
        );
        continue;
      }
      definition.enum = values;
    }
    if (Object.hasOwn(entry.value, "default")) {
      const message = argumentProblem(definition, entry.value.default, true);
      if (message) {
        report(errors, child(entry, "default"), `default of parameter '${name}': ${message}`);
        continue;
      }
      definition.default = entry.value.default;
    } else if (owner === "pipeline") {
      report(errors, entry, `pipeline parameter '${name}' needs a 'default'`);
      continue;
    }
    if (typeof entry.value.description === "string")
      definition.description = entry.value.description;
    definitions[name] = definition;
  }
  return definitions;
}

const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Why `value` is not acceptable for a parameter of this definition, or undefined when it
 * is. Templates (`<< … >>`) pass when `templates` is set: they are typed once substituted.
 */
export function argumentProblem(
  definition: ParameterDefinition,
  value: unknown,
  templates: boolean,
): string | undefined {
  if (templates && isTemplate(value)) return undefined;
  switch (definition.type) {
    case "string":
      // CircleCI turns numbers and booleans given for strings into their text.
      return value === null || typeof value !== "object"
        ? undefined
        : `expected a string, got ${describeType(value)}`;
    case "boolean":
      return typeof value === "boolean"
        ? undefined
        : `expected a boolean, got ${describeType(value)}`;
    case "integer":
      return Number.isInteger(value)
        ? undefined
        : `expected an integer, got ${describeType(value)}`;
    case "enum":
      return definition.enum?.some(
        (allowed) => allowed === value || String(allowed) === String(value),
      )
        ? undefined
        : `${JSON.stringify(value)} is not one of ${(definition.enum ?? []).map((v) => JSON.stringify(v)).join(", ")}`;
    case "env_var_name":
      return typeof value === "string" && ENV_VAR_NAME.test(value)
        ? undefined
        : `expected an environment variable name (letters, digits, '_'), got ${JSON.stringify(value)}`;
    case "steps":
      return value === null || isSeq(value) || isMap(value)
        ? undefined
        : `expected a list of steps, got ${describeType(value)}`;
    case "executor":
      return typeof value === "string" || isMap(value)
        ? undefined
        : `expected an executor name or map, got ${describeType(value)}`;
  }
}
