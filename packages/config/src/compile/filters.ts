import type { ErrorList } from "../errors.ts";
import type { BranchFilter } from "../plan/types.ts";
import { checkKeys, expectMap } from "../validate/checks.ts";
import { type Cursor, child, report } from "../validate/cursor.ts";
import { describeType, isSeq, scalarToString } from "../values.ts";
import { evaluateExpression } from "./expression.ts";
import { compileFullMatch } from "./logic.ts";

/** A job's `filters`: branch/tag patterns, or one expression string. */
export interface JobFilters {
  branches?: BranchFilter;
  tags?: BranchFilter;
  expression?: string;
}

/** What triggered the pipeline: a branch push or a tag push. */
export interface TriggerRef {
  branch?: string;
  tag?: string;
}

export function readFilters(errors: ErrorList, at: Cursor): JobFilters | undefined {
  if (at.value === undefined || at.value === null) return undefined;
  if (typeof at.value === "string") return { expression: at.value };
  if (!expectMap(errors, at, "'filters'")) return undefined;
  checkKeys(errors, at, ["branches", "tags"], "'filters'");
  const filters: JobFilters = {};
  const branches = readBranchFilter(errors, child(at, "branches"), "branches");
  const tags = readBranchFilter(errors, child(at, "tags"), "tags");
  if (branches) filters.branches = branches;
  if (tags) filters.tags = tags;
  return filters;
}

/** `{only, ignore}`, each a name, a `/regex/`, or a list of those. */
export function readBranchFilter(
  errors: ErrorList,
  at: Cursor,
  what: string,
): BranchFilter | undefined {
  if (at.value === undefined || at.value === null) return undefined;
  if (!expectMap(errors, at, `'${what}'`)) return undefined;
  checkKeys(errors, at, ["only", "ignore"], `'${what}'`);
  const filter: BranchFilter = {};
  for (const key of ["only", "ignore"] as const) {
    const entry = child(at, key);
    if (entry.value === undefined || entry.value === null) continue;
    const items = isSeq(entry.value) ? entry.value : [entry.value];
    const patterns: string[] = [];
    items.forEach((item, index) => {
      const itemAt = isSeq(entry.value) ? child(entry, index) : entry;
      if (item !== null && typeof item === "object") {
        report(
          errors,
          itemAt,
          `'${what}.${key}' takes names or /regexes/, not ${describeType(item)}`,
        );
        return;
      }
      const pattern = scalarToString(item);
      if (isRegexPattern(pattern) && !compileFullMatch(pattern.slice(1, -1))) {
        report(errors, itemAt, `invalid regular expression ${pattern}`);
        return;
      }
      patterns.push(pattern);
    });
    filter[key] = patterns;
  }
  return filter;
}

function isRegexPattern(pattern: string): boolean {
  return pattern.length >= 2 && pattern.startsWith("/") && pattern.endsWith("/");
}

/** A name matches `/regex/` when the regex matches it whole, a plain pattern when equal. */
export function patternMatches(pattern: string, name: string): boolean {
  if (isRegexPattern(pattern)) return compileFullMatch(pattern.slice(1, -1))?.test(name) ?? false;
  return pattern === name;
}

/** `only` is checked first, then `ignore`; no `only` means everything is in. */
export function branchFilterPasses(filter: BranchFilter, name: string): boolean {
  if (filter.only && !filter.only.some((p) => patternMatches(p, name))) return false;
  if (filter.ignore?.some((p) => patternMatches(p, name))) return false;
  return true;
}

/**
 * Whether a job runs for this trigger, by its own filters alone. A branch push looks only at
 * `branches`; a tag push looks only at `tags`, and a job without a tag filter never runs
 * for a tag (CircleCI's rule).
 */
export function filtersPass(
  filters: JobFilters | undefined,
  trigger: TriggerRef,
  pipeline: ReadonlyMap<string, unknown>,
): boolean {
  if (filters?.expression !== undefined) {
    const result = evaluateExpression(filters.expression, pipeline);
    return result.ok && result.value;
  }
  if (trigger.tag !== undefined) {
    return filters?.tags ? branchFilterPasses(filters.tags, trigger.tag) : false;
  }
  if (trigger.branch !== undefined && filters?.branches) {
    return branchFilterPasses(filters.branches, trigger.branch);
  }
  return true;
}
