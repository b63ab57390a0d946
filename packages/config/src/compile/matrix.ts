import type { ErrorList } from "../errors.ts";
import { checkKeys, expectList, expectMap, expectScalar } from "../validate/checks.ts";
import { type Cursor, child, report } from "../validate/cursor.ts";
import { deepEqual, isMap, scalarToString } from "../values.ts";

export interface Matrix {
  /** Every combination left after `exclude`, in definition order. */
  combinations: Record<string, unknown>[];
  alias?: string;
}

const MAX_COMBINATIONS = 5_000;

/** Reads `matrix: {parameters, exclude, alias}` and builds the cartesian product. */
export function readMatrix(errors: ErrorList, at: Cursor): Matrix | undefined {
  if (!expectMap(errors, at, "'matrix'")) return undefined;
  checkKeys(errors, at, ["parameters", "exclude", "alias"], "'matrix'");
  const parameters = child(at, "parameters");
  if (!expectMap(errors, parameters, "'matrix.parameters'")) return undefined;
  const names = Object.keys(parameters.value);
  if (names.length === 0) {
    report(errors, parameters, "'matrix.parameters' needs at least one parameter");
    return undefined;
  }
  let combinations: Record<string, unknown>[] = [{}];
  for (const name of names) {
    const values = child(parameters, name);
    if (!expectList(errors, values, `matrix parameter '${name}'`)) return undefined;
    if (values.value.length === 0)
      report(errors, values, `matrix parameter '${name}' has no values`);
    const next: Record<string, unknown>[] = [];
    for (const combination of combinations) {
      for (const value of values.value) next.push({ ...combination, [name]: value });
    }
    combinations = next;
    if (combinations.length > MAX_COMBINATIONS) {
      report(errors, parameters, `the matrix expands to more than ${MAX_COMBINATIONS} jobs`);
      return undefined;
    }
  }
  const exclude = child(at, "exclude");
  if (
    exclude.value !== undefined &&
    exclude.value !== null &&
    expectList(errors, exclude, "'matrix.exclude'")
  ) {
    exclude.value.forEach((entry, index) => {
      const entryAt = child(exclude, index);
      if (!isMap(entry)) {
        report(errors, entryAt, "each 'exclude' entry is a map of matrix parameter values");
        return;
      }
      checkKeys(errors, entryAt, names, "a matrix 'exclude' entry");
      const before = combinations.length;
      combinations = combinations.filter(
        (combination) => !names.every((name) => deepEqual(combination[name], entry[name])),
      );
      if (combinations.length === before) {
        report(
          errors,
          entryAt,
          "this 'exclude' entry matches no combination of the matrix (it must give every parameter)",
        );
      }
    });
  }
  const alias = child(at, "alias");
  let aliasName: string | undefined;
  if (alias.value !== undefined && expectScalar(errors, alias, "string", "'matrix.alias'", false)) {
    aliasName = scalarToString(alias.value);
  }
  return aliasName === undefined ? { combinations } : { combinations, alias: aliasName };
}

/**
 * CircleCI's name for one matrix job: the job name and the values, ordered by parameter
 * name, joined with '-' (`build` + {version: 0.1, platform: macos} → `build-macos-0.1`).
 */
export function matrixJobName(jobName: string, combination: Record<string, unknown>): string {
  const values = Object.keys(combination)
    .sort()
    .map((name) => {
      const value = combination[name];
      return value !== null && typeof value === "object"
        ? JSON.stringify(value)
        : scalarToString(value);
    });
  return [jobName, ...values].join("-");
}
