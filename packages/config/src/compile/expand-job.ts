import { positionOf } from "../parse/locations.ts";
import { type Cursor, child, report } from "../validate/cursor.ts";
import { isMap, newMap, type YamlMap } from "../values.ts";
import { bindArguments, parameterDefinitions } from "./arguments.ts";
import type { CompileContext } from "./context.ts";
import { normalizeEnvironment } from "./environment.ts";
import { type ResolvedExecutor, resolveExecutor } from "./executor.ts";
import { type ExpandedStep, expandSteps, processedStep } from "./expand-steps.ts";
import type { Resolved, Scope } from "./scope.ts";
import { substitute } from "./substitute.ts";

/** A job with everything inlined: the unit both outputs (processed config, plan) come from. */
export interface ExpandedJob {
  /** `build`, `node/test` — the definition. */
  qualifiedName: string;
  type: "build" | "no-op";
  /** Cursor on the substituted job body (for errors about its fields). */
  at: Cursor & { value: YamlMap };
  executor?: ResolvedExecutor;
  /** Executor environment with the job's over it. */
  environment: Record<string, string>;
  steps: ExpandedStep[];
  /** The job as `circleci config process` prints it. */
  processed: YamlMap;
}

export interface JobInvocation {
  resolved: Resolved;
  /** Arguments from the workflow entry (reserved keys removed), matrix values included. */
  args: Cursor;
  preSteps: Cursor;
  postSteps: Cursor;
}

const DEFINITION_ONLY_KEYS = new Set(["parameters", "description"]);

export function expandJob(
  ctx: CompileContext,
  invocation: JobInvocation,
  rootScope: Scope,
): ExpandedJob | undefined {
  const { resolved } = invocation;
  const what = `job '${resolved.qualifiedName}'`;
  if (!isMap(resolved.definition.value)) return undefined;
  const bound = ctx.templating
    ? bindArguments(ctx, parameterDefinitions(resolved.definition, "job"), invocation.args, what, {
        caller: rootScope,
        definition: resolved.scope,
      })
    : newMap();
  const source = newMap();
  for (const [key, value] of Object.entries(resolved.definition.value)) {
    if (!DEFINITION_ONLY_KEYS.has(key)) source[key] = value;
  }
  const substituted = ctx.templating
    ? substitute(source, { parameters: bound, pipeline: ctx.pipeline }, (message) =>
        report(ctx.errors, resolved.definition, `in ${what}: ${message}`),
      )
    : source;
  if (!isMap(substituted)) return undefined;
  const at = {
    value: substituted,
    path: resolved.definition.path,
    position: positionOf(resolved.definition.value) ?? resolved.definition.position,
  };
  const processed = newMap();
  if (substituted.type === "no-op" || substituted.type === "release") {
    processed.type = "no-op";
    return {
      qualifiedName: resolved.qualifiedName,
      type: "no-op",
      at,
      environment: {},
      steps: [],
      processed,
    };
  }

  const executor = resolveExecutor(ctx, at, resolved.scope, rootScope);
  const steps: ExpandedStep[] = [];
  expandSteps(ctx, invocation.preSteps, rootScope, 0, steps);
  expandSteps(ctx, child(at, "steps"), resolved.scope, 0, steps);
  expandSteps(ctx, invocation.postSteps, rootScope, 0, steps);

  const environment = {
    ...(executor?.environment !== undefined
      ? normalizeEnvironment(ctx.errors, { ...at, value: executor.environment })
      : {}),
    ...normalizeEnvironment(ctx.errors, child(at, "environment")),
  };
  if (executor) processed[executor.kind] = executor.body;
  const setting = (key: string, fromExecutor: unknown) => {
    const value = substituted[key] ?? fromExecutor;
    if (value !== undefined && value !== null) processed[key] = value;
  };
  setting("resource_class", executor?.resourceClass);
  setting("shell", executor?.shell);
  setting("working_directory", executor?.workingDirectory);
  setting("parallelism", undefined);
  if (Object.keys(environment).length > 0) processed.environment = environment;
  processed.steps = steps.map(processedStep);
  return {
    qualifiedName: resolved.qualifiedName,
    type: "build",
    at,
    executor,
    environment,
    steps,
    processed,
  };
}
