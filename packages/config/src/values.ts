/** Plain-data helpers shared by validation and compilation. */

/** A YAML mapping as parsed: an object without prototype (so `__proto__` is just a key). */
export type YamlMap = Record<string, unknown>;

export function isMap(value: unknown): value is YamlMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isSeq(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

export function newMap(): YamlMap {
  return Object.create(null) as YamlMap;
}

/** Own keys only (parsed maps have no prototype, but copies made with `{}` do). */
export function hasKey(map: YamlMap, key: string): boolean {
  return Object.hasOwn(map, key);
}

/** Describes a value's YAML type for messages: "a string", "a list", … */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return "empty (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  if (typeof value === "string") return "a string";
  if (typeof value === "boolean") return "a boolean";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  return typeof value;
}

/** Scalars as CircleCI prints them inside strings: `true`, `3`, `1.5`, "" for null. */
export function scalarToString(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** Structural equality for `equal` logic statements and duplicate detection. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isMap(a) && isMap(b)) {
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    return (
      keysA.length === keysB.length && keysA.every((k) => hasKey(b, k) && deepEqual(a[k], b[k]))
    );
  }
  return false;
}

/** `jobs` + `build` → `jobs.build`; index → `steps[2]`; keys with dots are quoted. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  const segment = /^[A-Za-z0-9_\-/@]+$/.test(key) ? key : JSON.stringify(key);
  return path ? `${path}.${segment}` : segment;
}
