import type { ErrorList } from "../errors.ts";
import { type Cursor, child, report } from "../validate/cursor.ts";
import { isMap, isSeq, scalarToString } from "../values.ts";

/**
 * Environment variables in every form real configs use — a map, a list of `NAME=value`
 * strings or one-key maps, even one `NAME=value` string — as a plain name → text map.
 * Numbers and booleans become their text (`1`, `true`), null becomes "".
 */
export function normalizeEnvironment(errors: ErrorList, at: Cursor): Record<string, string> {
  const result: Record<string, string> = {};
  const value = at.value;
  if (value === null || value === undefined) return result;
  const addPair = (text: string, where: Cursor) => {
    const equals = text.indexOf("=");
    if (equals <= 0) {
      report(errors, where, `environment entry ${JSON.stringify(text)} must look like NAME=value`);
      return;
    }
    result[text.slice(0, equals).trim()] = text.slice(equals + 1);
  };
  if (typeof value === "string") {
    addPair(value, at);
  } else if (isMap(value)) {
    for (const [name, entry] of Object.entries(value)) {
      if (entry !== null && typeof entry === "object") {
        report(errors, child(at, name), `environment variable '${name}' must be a plain value`);
        continue;
      }
      result[name] = scalarToString(entry);
    }
  } else if (isSeq(value)) {
    value.forEach((item, index) => {
      if (typeof item === "string") addPair(item, child(at, index));
      else if (isMap(item)) Object.assign(result, normalizeEnvironment(errors, child(at, index)));
      else report(errors, child(at, index), "each environment entry must be NAME=value or a map");
    });
  } else {
    report(errors, at, "environment must be a map of names to values");
  }
  return result;
}
