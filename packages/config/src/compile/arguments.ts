import { didYouMean, ErrorList } from "../errors.ts";
import { copyPositions } from "../parse/locations.ts";
import { type Cursor, child, keyPosition, report } from "../validate/cursor.ts";
import {
  argumentProblem,
  checkParameterDefinitions,
  type ParameterDefinitions,
} from "../validate/parameters.ts";
import { isMap, isSeq, joinPath, newMap } from "../values.ts";
import type { CompileContext } from "./context.ts";
import type { Scope } from "./scope.ts";
import { substitute } from "./substitute.ts";

const definitionCache = new WeakMap<object, ParameterDefinitions>();

/** The parameter definitions of a command/job/executor (errors were reported by validation). */
export function parameterDefinitions(
  definition: Cursor,
  owner: "command" | "job" | "executor",
): ParameterDefinitions {
  const parameters = child(definition, "parameters");
  if (!isMap(parameters.value)) return Object.create(null) as ParameterDefinitions;
  const cached = definitionCache.get(parameters.value);
  if (cached) return cached;
  const definitions = checkParameterDefinitions(new ErrorList(), parameters, owner);
  definitionCache.set(parameters.value, definitions);
  return definitions;
}

/**
 * Matches the arguments of an invocation to the definition's parameters: unknown
 * arguments, missing required ones and wrong types are reported; defaults fill the rest.
 * `steps` arguments are normalized to lists and remember the caller's scope, so that the
 * commands they name resolve where they were written.
 */
export function bindArguments(
  ctx: CompileContext,
  definitions: ParameterDefinitions,
  args: Cursor,
  what: string,
  scopes: { caller: Scope; definition: Scope },
  ignored: readonly string[] = [],
): Record<string, unknown> {
  const bound: Record<string, unknown> = newMap();
  const given = isMap(args.value) ? args.value : newMap();
  for (const key of Object.keys(given)) {
    if (Object.hasOwn(definitions, key) || ignored.includes(key)) continue;
    const known = Object.keys(definitions);
    ctx.errors.add(
      keyPosition(args, key),
      joinPath(args.path, key),
      known.length === 0
        ? `${what} takes no parameters; found '${key}'`
        : `unknown parameter '${key}' for ${what}${didYouMean(key, known)}`,
    );
  }
  for (const [name, definition] of Object.entries(definitions)) {
    const passed = Object.hasOwn(given, name);
    let value: unknown;
    let scope = scopes.caller;
    if (passed) value = given[name];
    else if (Object.hasOwn(definition, "default")) {
      // Defaults may refer to pipeline parameters.
      value = substitute(definition.default, { pipeline: ctx.pipeline }, (message) =>
        report(ctx.errors, args, `in the default of parameter '${name}' of ${what}: ${message}`),
      );
      scope = scopes.definition;
    } else {
      report(
        ctx.errors,
        args,
        `${what} needs parameter '${name}' (${definition.type}), which has no default`,
      );
      continue;
    }
    const problem = argumentProblem(definition, value, false);
    if (problem) {
      report(
        ctx.errors,
        passed ? child(args, name) : args,
        `parameter '${name}' of ${what}: ${problem}`,
      );
      continue;
    }
    bound[name] = definition.type === "steps" ? tagSteps(ctx, value, scope) : value;
  }
  return bound;
}

function tagSteps(ctx: CompileContext, value: unknown, scope: Scope): unknown[] {
  const list = value === null || value === undefined ? [] : isSeq(value) ? value : [value];
  const tagged = list.map((step) => {
    // Bare names become maps so they can carry their scope (strings cannot be WeakMap keys).
    let object = step;
    if (typeof step === "string") {
      object = newMap();
      (object as Record<string, unknown>)[step] = null;
    }
    if (object !== null && typeof object === "object" && !ctx.stepScopes.has(object)) {
      ctx.stepScopes.set(object, scope);
    }
    return object;
  });
  return copyPositions(list, tagged);
}
