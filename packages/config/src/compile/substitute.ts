import { didYouMean } from "../errors.ts";
import { copyPositions } from "../parse/locations.ts";
import { isMap, newMap, scalarToString } from "../values.ts";

/** What `<< … >>` can refer to at one point of the expansion. */
export interface TemplateScope {
  /** Bound arguments of the command, job or executor being expanded (absent: none may be used). */
  parameters?: Record<string, unknown>;
  /** Pipeline values and parameters, keyed by full name: `pipeline.git.branch`, `pipeline.parameters.x`. */
  pipeline: ReadonlyMap<string, unknown>;
  /** `<< matrix.x >>` values while expanding a matrix entry. */
  matrix?: Record<string, unknown>;
}

// `<< parameters.x >>`, tolerant of any whitespace (tabs too) inside the brackets. A leading
// backslash escapes it. Other `<<…>>` text (heredocs, bit shifts) is left alone.
const REFERENCE = /(\\?)<<[ \t]*((?:pipeline|parameters|matrix)\.[A-Za-z0-9_.-]+)[ \t]*>>/g;
const WHOLE_REFERENCE = /^\s*<<[ \t]*((?:pipeline|parameters|matrix)\.[A-Za-z0-9_.-]+)[ \t]*>>\s*$/;
// Mustache-style sections CircleCI supports: `<<# parameters.x >>…<</ parameters.x >>`
// (kept when truthy) and `<<^ parameters.x >>…<</ parameters.x >>` (kept when falsy).
const SECTION =
  /<<([#^])[ \t]*((?:pipeline|parameters|matrix)\.[A-Za-z0-9_.-]+)[ \t]*>>([\s\S]*?)<<\/[ \t]*\2[ \t]*>>/g;

type Lookup = { found: true; value: unknown } | { found: false; message: string };

function lookup(scope: TemplateScope, reference: string): Lookup {
  if (reference.startsWith("pipeline.")) {
    if (scope.pipeline.has(reference)) return { found: true, value: scope.pipeline.get(reference) };
    const known = [...scope.pipeline.keys()];
    return {
      found: false,
      message: `unknown pipeline value '${reference}'${didYouMean(reference, known)}`,
    };
  }
  const [group, ...rest] = reference.split(".");
  const name = rest.join(".");
  const values = group === "matrix" ? scope.matrix : scope.parameters;
  if (!values) {
    return {
      found: false,
      message:
        group === "matrix"
          ? `'<< ${reference} >>' is only available inside a matrix job`
          : `'<< ${reference} >>' is used where no parameters are defined`,
    };
  }
  if (Object.hasOwn(values, name)) return { found: true, value: values[name] };
  return {
    found: false,
    message: `unknown ${group === "matrix" ? "matrix parameter" : "parameter"} '${name}'${didYouMean(name, Object.keys(values))}`,
  };
}

/** CircleCI's falsy values for sections and logic: false, null, 0, NaN, "". */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === "") return false;
  if (typeof value === "number") return value !== 0 && !Number.isNaN(value);
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * Replaces `<< … >>` references in strings, recursively through maps and lists. A string
 * that is one reference and nothing else takes the referenced value with its type (a
 * boolean, a number, a list of steps, an executor map); references inside longer text are
 * spliced in as text. Returns new collections (positions copied) and never mutates.
 */
export function substitute(
  value: unknown,
  scope: TemplateScope,
  onError: (message: string) => void,
): unknown {
  if (typeof value === "string") return substituteString(value, scope, onError);
  if (Array.isArray(value)) {
    let changed = false;
    const result = value.map((item) => {
      const next = substitute(item, scope, onError);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? copyPositions(value, result) : value;
  }
  if (isMap(value)) {
    let changed = false;
    const result = newMap();
    for (const key of Object.keys(value)) {
      // Keys may hold references too (`<< parameters.name >>: value` in environments).
      const newKey = key.includes("<<")
        ? scalarToString(substituteString(key, scope, onError))
        : key;
      const next = substitute(value[key], scope, onError);
      if (next !== value[key] || newKey !== key) changed = true;
      result[newKey] = next;
    }
    return changed ? copyPositions(value, result) : value;
  }
  return value;
}

function substituteString(
  text: string,
  scope: TemplateScope,
  onError: (message: string) => void,
): unknown {
  if (!text.includes("<<")) return text;
  const whole = WHOLE_REFERENCE.exec(text);
  if (whole) {
    const found = lookup(scope, whole[1]!);
    if (found.found) return found.value;
    onError(found.message);
    return text;
  }
  const withSections = text.replace(
    SECTION,
    (_match, kind: string, reference: string, body: string) => {
      const found = lookup(scope, reference);
      if (!found.found) {
        onError(found.message);
        return "";
      }
      return isTruthy(found.value) === (kind === "#") ? body : "";
    },
  );
  return withSections.replace(REFERENCE, (match, escaped: string, reference: string) => {
    if (escaped) return match.slice(1); // `\<< parameters.x >>` prints the reference itself
    const found = lookup(scope, reference);
    if (!found.found) {
      onError(found.message);
      return match;
    }
    if (found.value !== null && typeof found.value === "object") {
      onError(
        `'<< ${reference} >>' is a ${Array.isArray(found.value) ? "list" : "map"} and cannot be part of a text`,
      );
      return match;
    }
    return scalarToString(found.value);
  });
}

/** Whether a value still contains references (used to tell authors what was left unresolved). */
export function hasReference(value: unknown): boolean {
  if (typeof value === "string") {
    REFERENCE.lastIndex = 0;
    return REFERENCE.test(value);
  }
  if (Array.isArray(value)) return value.some(hasReference);
  if (isMap(value)) return Object.values(value).some(hasReference);
  return false;
}
