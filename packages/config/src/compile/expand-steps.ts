import { didYouMean } from "../errors.ts";
import { limits } from "../limits.ts";
import { positionOf } from "../parse/locations.ts";
import { type Cursor, child, report, withValue } from "../validate/cursor.ts";
import {
  BARE_BUILTIN_STEPS,
  builtinStepKind,
  checkBuiltinOptions,
  checkSteps,
} from "../validate/steps.ts";
import { describeType, isMap, isSeq, newMap } from "../values.ts";
import { bindArguments, parameterDefinitions } from "./arguments.ts";
import type { CompileContext } from "./context.ts";
import { evaluateLogic } from "./logic.ts";
import type { Scope } from "./scope.ts";
import { hasReference, substitute } from "./substitute.ts";

/** A built-in step after expansion, with where it came from (for later errors). */
export interface ExpandedStep {
  /** Built-in kind: run, checkout, save_cache, … (`deploy` is reported as run). */
  kind: string;
  /** Its options as written (substituted): a map, a string (`run: cmd`), or null. */
  options: unknown;
  at: Cursor;
}

/**
 * Flattens a list of steps into built-in steps: commands are inlined with their arguments
 * substituted, `when`/`unless` steps decided, lists spliced in by `steps` parameters
 * flattened. The steps given are already substituted for the enclosing job or command.
 */
export function expandSteps(
  ctx: CompileContext,
  at: Cursor,
  scope: Scope,
  depth: number,
  out: ExpandedStep[],
): void {
  if (at.value === null || at.value === undefined) return;
  if (!isSeq(at.value)) {
    report(ctx.errors, at, `steps must be a list, not ${describeType(at.value)}`);
    return;
  }
  at.value.forEach((_, index) => {
    expandStep(ctx, child(at, index), scope, depth, out);
  });
}

function expandStep(
  ctx: CompileContext,
  at: Cursor,
  scope: Scope,
  depth: number,
  out: ExpandedStep[],
): void {
  const step = at.value;
  if (isSeq(step)) {
    // `- << parameters.steps >>` spliced a list in place.
    expandSteps(ctx, at, scope, depth, out);
    return;
  }
  if (step === null || step === undefined) {
    report(ctx.errors, at, "empty step");
    return;
  }
  const ownScope = typeof step === "object" ? (ctx.stepScopes.get(step) ?? scope) : scope;
  if (typeof step === "string") {
    if (hasReference(step)) {
      report(ctx.errors, at, `step ${JSON.stringify(step)} still has an unresolved reference`);
      return;
    }
    const kind = builtinStepKind(step);
    if (kind) {
      if (!BARE_BUILTIN_STEPS.has(kind)) report(ctx.errors, at, `'${step}' needs options`);
      else out.push({ kind, options: null, at });
      return;
    }
    invokeCommand(ctx, at, step, withValue(at, null), ownScope, depth, out);
    return;
  }
  if (!isMap(step)) {
    report(ctx.errors, at, `a step must be a name or a one-key map, not ${describeType(step)}`);
    return;
  }
  const keys = Object.keys(step);
  if (keys.length !== 1) {
    report(
      ctx.errors,
      at,
      `a step is a map with exactly one key; found ${keys.map((k) => `'${k}'`).join(", ") || "none"}`,
    );
    return;
  }
  const name = keys[0]!;
  const options = child(at, name);
  if (name === "when" || name === "unless") {
    if (!isMap(options.value)) {
      report(ctx.errors, options, `a '${name}' step needs 'condition' and 'steps'`);
      return;
    }
    checkSteps(ctx.errors, child(options, "steps"), `'${name}' steps`);
    const decision = evaluateLogic(ctx.errors, child(options, "condition"), ctx.pipeline);
    if (decision === undefined) return;
    if (decision === (name === "when"))
      expandSteps(ctx, child(options, "steps"), ownScope, depth, out);
    return;
  }
  if (name === "steps" && (isSeq(options.value) || options.value === null)) {
    // `- steps: << parameters.more >>`: a list of steps in place of one.
    expandSteps(ctx, options, ownScope, depth, out);
    return;
  }
  const kind = builtinStepKind(name);
  if (kind) {
    const before = ctx.errors.count;
    checkBuiltinOptions(ctx.errors, options, kind, name, false);
    if (ctx.errors.count === before) out.push({ kind, options: options.value, at: options });
    return;
  }
  invokeCommand(ctx, at, name, options, ownScope, depth, out);
}

function invokeCommand(
  ctx: CompileContext,
  at: Cursor,
  name: string,
  args: Cursor,
  scope: Scope,
  depth: number,
  out: ExpandedStep[],
): void {
  if (!ctx.templating) {
    report(
      ctx.errors,
      at,
      `unknown step '${name}'${didYouMean(name, stepNames(scope))} (version 2.0 has no commands)`,
    );
    return;
  }
  const resolved = scope.lookup("commands", name);
  if (!resolved) {
    if (scope.isUnavailable(name)) return;
    report(
      ctx.errors,
      at,
      `unknown step or command '${name}'${didYouMean(name, stepNames(scope))}`,
    );
    return;
  }
  if (depth > limits.maxInvocationDepth) {
    report(
      ctx.errors,
      at,
      `commands nested more than ${limits.maxInvocationDepth} deep (does '${name}' call itself?)`,
    );
    return;
  }
  if (args.value !== null && args.value !== undefined && !isMap(args.value)) {
    report(
      ctx.errors,
      args,
      `arguments of command '${name}' must be a map, not ${describeType(args.value)}`,
    );
    return;
  }
  const what = `command '${resolved.qualifiedName}'`;
  const definitions = parameterDefinitions(resolved.definition, "command");
  const bound = bindArguments(ctx, definitions, args, what, {
    caller: scope,
    definition: resolved.scope,
  });
  const body = child(resolved.definition, "steps");
  const substituted = substitute(
    body.value,
    { parameters: bound, pipeline: ctx.pipeline },
    (message) => report(ctx.errors, body, `in ${what}: ${message}`),
  );
  expandSteps(
    ctx,
    { value: substituted, path: body.path, position: positionOf(substituted) ?? body.position },
    resolved.scope,
    depth + 1,
    out,
  );
}

function stepNames(scope: Scope): string[] {
  return [...builtinNames, "when", "unless", ...scope.names("commands")];
}

const builtinNames = [
  "run",
  "checkout",
  "setup_remote_docker",
  "save_cache",
  "restore_cache",
  "store_artifacts",
  "store_test_results",
  "persist_to_workspace",
  "attach_workspace",
  "add_ssh_keys",
  "deploy",
];

/** The processed (CircleCI 2.0) form of an expanded step, as `config process` prints it. */
export function processedStep(step: ExpandedStep): unknown {
  if (step.options === null || step.options === undefined) return step.kind;
  const result = newMap();
  result[step.kind] = step.options;
  return result;
}
