import { didYouMean, type ErrorList } from "../errors.ts";
import { describeType, isMap, isSeq, type YamlMap } from "../values.ts";
import { type Cursor, child, report, reportAtKey } from "./cursor.ts";

/**
 * Small reusable checks. Each reports its own error and returns whether the value is
 * usable, so callers go on checking siblings and several errors come out of one pass.
 */

/** `<< parameters.x >>` and friends: typed only after substitution, so accepted anywhere. */
export function isTemplate(value: unknown): boolean {
  return typeof value === "string" && value.includes("<<") && value.includes(">>");
}

export function expectMap(
  errors: ErrorList,
  at: Cursor,
  what: string,
): at is Cursor & { value: YamlMap } {
  if (isMap(at.value)) return true;
  report(errors, at, `${what} must be a map, not ${describeType(at.value)}`);
  return false;
}

export function expectList(
  errors: ErrorList,
  at: Cursor,
  what: string,
): at is Cursor & { value: unknown[] } {
  if (isSeq(at.value)) return true;
  report(errors, at, `${what} must be a list, not ${describeType(at.value)}`);
  return false;
}

/** Reports keys outside `allowed`, suggesting the closest allowed one. */
export function checkKeys(
  errors: ErrorList,
  at: Cursor,
  allowed: readonly string[],
  what: string,
): void {
  if (!isMap(at.value)) return;
  for (const key of Object.keys(at.value)) {
    if (allowed.includes(key)) continue;
    reportAtKey(errors, at, key, `unknown key '${key}' in ${what}${didYouMean(key, allowed)}`);
  }
}

/**
 * Like checkKeys, but only for keys one typo away from an allowed one. CircleCI ignores
 * unknown options of built-in steps (real configs carry `restore_cache.paths`,
 * `run.description`), so those are accepted; a near-miss like `comand` is surely a
 * mistake that would silently lose the option, so it is reported.
 */
export function checkMisspelledKeys(
  errors: ErrorList,
  at: Cursor,
  allowed: readonly string[],
  what: string,
): void {
  if (!isMap(at.value)) return;
  for (const key of Object.keys(at.value)) {
    if (allowed.includes(key)) continue;
    const suggestion = didYouMean(key, allowed);
    if (suggestion) reportAtKey(errors, at, key, `unknown key '${key}' in ${what}${suggestion}`);
  }
}

/** Reports required keys that are absent or null. */
export function requireKeys(
  errors: ErrorList,
  at: Cursor,
  required: readonly string[],
  what: string,
): void {
  if (!isMap(at.value)) return;
  for (const key of required) {
    if (at.value[key] === undefined || at.value[key] === null) {
      report(errors, at, `${what} needs '${key}'`);
    }
  }
}

export type ScalarKind = "string" | "boolean" | "integer" | "number" | "scalar";

/** A scalar of the given kind (templates accepted when `templates` is true). */
export function expectScalar(
  errors: ErrorList,
  at: Cursor,
  kind: ScalarKind,
  what: string,
  templates = true,
): boolean {
  const value = at.value;
  if (templates && isTemplate(value)) return true;
  const ok =
    kind === "string"
      ? typeof value === "string" || typeof value === "number" || typeof value === "boolean"
      : kind === "boolean"
        ? typeof value === "boolean"
        : kind === "integer"
          ? Number.isInteger(value)
          : kind === "number"
            ? typeof value === "number"
            : value === null || typeof value !== "object";
  if (!ok) {
    const article =
      kind === "integer" ? "an integer" : kind === "scalar" ? "a plain value" : `a ${kind}`;
    report(errors, at, `${what} must be ${article}, not ${describeType(value)}`);
  }
  return ok;
}

/** A string, or a list of strings (CircleCI accepts both in many places). */
export function expectStringOrList(
  errors: ErrorList,
  at: Cursor,
  what: string,
  templates = true,
): boolean {
  if (isSeq(at.value)) {
    let ok = true;
    at.value.forEach((_, index) => {
      ok =
        expectScalar(errors, child(at, index), "string", `each entry of ${what}`, templates) && ok;
    });
    return ok;
  }
  return expectScalar(errors, at, "string", what, templates);
}

/** `environment`: a map of names to scalars, or a list of `NAME=value` / one-key maps. */
export function checkEnvironment(errors: ErrorList, at: Cursor, templates = true): void {
  if (at.value === null || at.value === undefined) return;
  if (templates && isTemplate(at.value)) return;
  if (typeof at.value === "string") return; // `KEY=value` as one string: real configs do it
  if (isMap(at.value)) {
    for (const key of Object.keys(at.value)) {
      const entry = child(at, key);
      if (entry.value !== null && typeof entry.value === "object") {
        report(
          errors,
          entry,
          `environment variable '${key}' must be a plain value, not ${describeType(entry.value)}`,
        );
      }
    }
    return;
  }
  if (isSeq(at.value)) {
    at.value.forEach((item, index) => {
      const entry = child(at, index);
      if (typeof item === "string" || isMap(item)) return;
      report(
        errors,
        entry,
        `each environment entry must be NAME=value or a map, not ${describeType(item)}`,
      );
    });
    return;
  }
  report(errors, at, `environment must be a map of names to values, not ${describeType(at.value)}`);
}
