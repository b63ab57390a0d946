import { limits } from "../limits.ts";
import { parseOrbReference } from "../orbs/reference.ts";
import { formatOrbReference, type OrbReference } from "../orbs/types.ts";
import { parseYaml } from "../parse/parse-yaml.ts";
import { checkKeys, expectMap } from "../validate/checks.ts";
import { type Cursor, child, report, reportAtKey, rootCursor } from "../validate/cursor.ts";
import { checkExecutorDefinition } from "../validate/executors.ts";
import { checkCommandDefinition, checkJobDefinition } from "../validate/jobs.ts";
import { isMap, scalarToString } from "../values.ts";
import type { CompileContext } from "./context.ts";
import { Scope } from "./scope.ts";
import { substitute } from "./substitute.ts";

const ORB_KEYS = [
  "version",
  "description",
  "display",
  "orbs",
  "commands",
  "executors",
  "jobs",
  "examples",
];
const ALIAS_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * Reads and checks the commands, jobs and executors of a config or an orb, and loads the
 * orbs it imports. `prefix` is "" for the config, else the orb's alias path.
 */
export function buildScope(
  ctx: CompileContext,
  root: Cursor,
  prefix: string,
  depth: number,
): Scope {
  const scope = Scope.empty(prefix);
  const sections = [
    ["commands", checkCommandDefinition],
    ["jobs", checkJobDefinition],
    ["executors", checkExecutorDefinition],
  ] as const;
  for (const [section, check] of sections) {
    const at = child(root, section);
    if (at.value === undefined || at.value === null) continue;
    if (!expectMap(ctx.errors, at, `'${section}'`)) continue;
    for (const name of Object.keys(at.value)) {
      const definition = child(at, name);
      check(ctx.errors, definition, name);
      scope.definitions[section].set(name, definition);
    }
  }
  loadOrbs(ctx, scope, child(root, "orbs"), depth);
  return scope;
}

function loadOrbs(ctx: CompileContext, scope: Scope, at: Cursor, depth: number): void {
  if (at.value === undefined || at.value === null) return;
  if (!expectMap(ctx.errors, at, "'orbs'")) return;
  if (depth > limits.maxInvocationDepth) {
    report(ctx.errors, at, "orbs nested too deeply (an orb importing itself?)");
    return;
  }
  for (const alias of Object.keys(at.value)) {
    const entry = child(at, alias);
    if (!ALIAS_PATTERN.test(alias)) {
      reportAtKey(
        ctx.errors,
        at,
        alias,
        `orb alias '${alias}' must start with a letter and use only letters, digits, '_' and '-'`,
      );
    }
    const path = scope.prefix ? `${scope.prefix}/${alias}` : alias;
    let orb: Scope | null = null;
    if (isMap(entry.value)) {
      checkKeys(ctx.errors, entry, ORB_KEYS, `inline orb '${alias}'`);
      orb = buildScope(ctx, entry, path, depth + 1);
      ctx.orbsUsed[path] = "inline";
    } else if (typeof entry.value === "string") {
      orb = loadRegistryOrb(ctx, entry, alias, path, depth);
    } else {
      report(
        ctx.errors,
        entry,
        `orb '${alias}' must be 'namespace/name@version' or an inline orb map`,
      );
    }
    if (orb) scope.orbs.set(alias, orb);
    else scope.unavailableOrbs.add(alias);
  }
}

function loadRegistryOrb(
  ctx: CompileContext,
  at: Cursor,
  alias: string,
  path: string,
  depth: number,
): Scope | null {
  // The version may come from a pipeline parameter: `circleci/node@<< pipeline.parameters.v >>`.
  const written = scalarToString(
    substitute(at.value, { pipeline: ctx.pipeline }, (message) => report(ctx.errors, at, message)),
  );
  const reference = parseOrbReference(written);
  if (!reference) {
    report(
      ctx.errors,
      at,
      `orb '${alias}': ${JSON.stringify(written)} is not of the form 'namespace/name@version'`,
    );
    return null;
  }
  const key = formatOrbReference(reference);
  if (ctx.orbCache.has(key)) {
    const cached = ctx.orbCache.get(key) ?? null;
    if (cached) ctx.orbsUsed[path] = ctx.orbsUsed[cached.prefix] ?? key;
    return cached ? rebase(cached, path) : null;
  }
  ctx.orbCache.set(key, null); // a cycle through this orb finds "not loaded" and stops
  const resolved = ctx.orbResolver?.resolve(reference);
  if (!resolved) {
    report(ctx.errors, at, orbNotFoundMessage(reference, alias, ctx.orbResolver?.describe() ?? []));
    return null;
  }
  const parsed = parseYaml(resolved.source, resolved.file, ctx.errors);
  const orbRoot = rootCursor(parsed.value, resolved.file);
  if (parsed.value === undefined) return null;
  if (!expectMap(ctx.errors, orbRoot, `orb ${key}`)) return null;
  checkKeys(ctx.errors, orbRoot, ORB_KEYS, `orb ${key}`);
  const scope = buildScope(ctx, orbRoot, path, depth + 1);
  const exact = `${reference.namespace}/${reference.name}@${resolved.version ?? reference.version}`;
  ctx.orbsUsed[path] = exact;
  ctx.orbCache.set(key, scope);
  return scope;
}

/** The same orb imported under a second alias: same definitions, new name prefix. */
function rebase(scope: Scope, prefix: string): Scope {
  if (scope.prefix === prefix) return scope;
  const copy = new Scope(prefix, scope.definitions);
  for (const [alias, orb] of scope.orbs) copy.orbs.set(alias, orb);
  return copy;
}

export function orbNotFoundMessage(
  reference: OrbReference,
  alias: string,
  places: string[],
): string {
  const name = formatOrbReference(reference);
  const looked = places.length > 0 ? ` Looked in: ${places.join("; ")}.` : "";
  return (
    `orb '${name}' (imported as '${alias}') is not available.${looked} Provide it by saving its source ` +
    `as .circleci/orbs/${reference.namespace}/${reference.name}@${reference.version}.yml in the repository, ` +
    "by placing it in the server's orb cache directory, or by asking the administrator to enable " +
    "CircleCI's public orb registry"
  );
}
