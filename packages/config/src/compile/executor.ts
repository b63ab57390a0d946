import { didYouMean } from "../errors.ts";
import { positionOf } from "../parse/locations.ts";
import { type Cursor, child, report } from "../validate/cursor.ts";
import { checkExecutorKind } from "../validate/executors.ts";
import { isMap, newMap, type YamlMap } from "../values.ts";
import { bindArguments, parameterDefinitions } from "./arguments.ts";
import type { CompileContext } from "./context.ts";
import type { Scope } from "./scope.ts";
import { substitute } from "./substitute.ts";

/** The executor part of a processed job: one of docker/machine/macos plus its settings. */
export interface ResolvedExecutor {
  kind: "docker" | "machine" | "macos";
  /** The `docker:` / `machine:` / `macos:` value. */
  body: unknown;
  /** Cursor on the body, for errors about it (e.g. "Cairn runs only docker"). */
  at: Cursor;
  resourceClass?: unknown;
  shell?: unknown;
  workingDirectory?: unknown;
  environment?: unknown;
}

/**
 * The executor of a job whose parameters are substituted: written inline (`docker:`), or
 * named (`executor: name` / `executor: {name, ...arguments}`), or handed over as an
 * executor-typed parameter. Named executors are looked up from the job's scope, then from
 * the config's (an orb job may run on an executor the config passes in).
 */
export function resolveExecutor(
  ctx: CompileContext,
  job: Cursor & { value: YamlMap },
  jobScope: Scope,
  rootScope: Scope,
): ResolvedExecutor | undefined {
  const reference = child(job, "executor");
  if (reference.value === undefined) {
    const kind = checkExecutorKind(ctx.errors, job, "the job", false) as
      | ResolvedExecutor["kind"]
      | undefined;
    if (!kind) return undefined;
    return { kind, body: job.value[kind], at: child(job, kind) };
  }
  let name: unknown = reference.value;
  let args: Cursor = { ...reference, value: newMap() };
  if (isMap(reference.value)) {
    name = reference.value.name;
    const rest = newMap();
    for (const [key, value] of Object.entries(reference.value))
      if (key !== "name") rest[key] = value;
    args = { ...reference, value: rest };
  }
  if (typeof name !== "string") {
    report(ctx.errors, reference, "'executor' must name an executor");
    return undefined;
  }
  const resolved = jobScope.lookup("executors", name) ?? rootScope.lookup("executors", name);
  if (!resolved) {
    if (jobScope.isUnavailable(name) || rootScope.isUnavailable(name)) return undefined;
    report(
      ctx.errors,
      reference,
      `unknown executor '${name}'${didYouMean(name, jobScope.names("executors"))}`,
    );
    return undefined;
  }
  const what = `executor '${resolved.qualifiedName}'`;
  const bound = bindArguments(
    ctx,
    parameterDefinitions(resolved.definition, "executor"),
    args,
    what,
    {
      caller: jobScope,
      definition: resolved.scope,
    },
  );
  const substituted = substitute(
    resolved.definition.value,
    { parameters: bound, pipeline: ctx.pipeline },
    (message) => report(ctx.errors, resolved.definition, `in ${what}: ${message}`),
  );
  if (!isMap(substituted)) return undefined;
  const body: Cursor & { value: YamlMap } = {
    value: substituted,
    path: resolved.definition.path,
    position: positionOf(substituted) ?? resolved.definition.position,
  };
  const kind = checkExecutorKind(ctx.errors, body, what, false) as
    | ResolvedExecutor["kind"]
    | undefined;
  if (!kind) return undefined;
  return {
    kind,
    body: substituted[kind],
    at: child(body, kind),
    resourceClass: substituted.resource_class,
    shell: substituted.shell,
    workingDirectory: substituted.working_directory,
    environment: substituted.environment,
  };
}
