import { type ConfigError, ErrorList } from "../errors.ts";
import { limits } from "../limits.ts";
import type { OrbResolver } from "../orbs/types.ts";
import { buildProcessedConfig } from "../output/processed.ts";
import { parseYaml } from "../parse/parse-yaml.ts";
import type { Plan, PlanWorkflow } from "../plan/types.ts";
import { checkTopLevel } from "../validate/config.ts";
import { child, rootCursor } from "../validate/cursor.ts";
import type { CompileContext } from "./context.ts";
import { buildScope } from "./definitions.ts";
import { type ExpandedJob, expandJob } from "./expand-job.ts";
import { type PipelineValues, pipelineLookup } from "./pipeline-values.ts";
import { planWorkflow, UnsupportedExecutors } from "./plan-builder.ts";
import { compileWorkflows, type JobInstance } from "./workflows.ts";

export interface CompileOptions {
  /** Shown in errors; default `.circleci/config.yml`. */
  filename?: string;
  /** The pushed branch (also `<< pipeline.git.branch >>`). Default "main" unless `tag` is set. */
  branch?: string;
  /** The pushed tag: only jobs with a matching tag filter run. */
  tag?: string;
  /** Pipeline parameter values; strings are read as the declared type ("true" → true). */
  parameters?: Record<string, unknown>;
  /** Other pipeline values (`pipeline.id`, `pipeline.number`, `pipeline.git.revision`, …). */
  pipeline?: PipelineValues;
  /** Where registry orbs come from. Without it, any `ns/orb@version` is an error. */
  orbResolver?: OrbResolver;
  /** A push (default) runs the workflows without schedule; a schedule runs the one named. */
  trigger?: { kind: "push" } | { kind: "schedule"; workflow: string };
}

export type CompileResult =
  | {
      ok: true;
      plan: Plan;
      /** The flattened config as YAML, like `circleci config process` prints it. */
      processed: string;
    }
  | { ok: false; errors: ConfigError[] };

export const DEFAULT_CONFIG_FILE = ".circleci/config.yml";

/**
 * Parses, validates and compiles a config. Pure and synchronous: registry orbs come
 * through `options.orbResolver` (see `compileConfigAsync` for async resolvers). Never
 * throws on bad input; every problem found is returned, with positions.
 */
export function compileConfig(source: string, options: CompileOptions = {}): CompileResult {
  const file = options.filename ?? DEFAULT_CONFIG_FILE;
  const errors = new ErrorList();
  try {
    return compileOrFail(source, options, file, errors);
  } catch (error) {
    // A bug, not a config problem: still reported as an error rather than thrown, so that a
    // pipeline fails cleanly. The message says it is ours.
    const reason = error instanceof Error ? error.message : String(error);
    errors.add(
      { file, line: 1, column: 1 },
      "",
      `internal error in the config compiler (please report): ${reason}`,
    );
    return { ok: false, errors: errors.sorted() };
  }
}

function compileOrFail(
  source: string,
  options: CompileOptions,
  file: string,
  errors: ErrorList,
): CompileResult {
  const parsed = parseYaml(source, file, errors);
  if (parsed.value === undefined) return { ok: false, errors: errors.sorted() };
  const root = rootCursor(parsed.value, file);
  const version = checkTopLevel(errors, root);
  if (!version) return { ok: false, errors: errors.sorted() };

  const tag = options.tag;
  const branch = options.branch ?? (tag === undefined ? "main" : undefined);
  const pipeline = pipelineLookup(
    errors,
    child(root, "parameters"),
    options.parameters ?? {},
    options.pipeline ?? {},
    branch,
    tag,
    { file, line: 1, column: 1 },
  );
  const ctx: CompileContext = {
    errors,
    file,
    pipeline,
    templating: version === "2.1",
    orbCache: new Map(),
    orbsUsed: {},
    stepScopes: new WeakMap(),
    ...(options.orbResolver ? { orbResolver: options.orbResolver } : {}),
  };
  const scope = buildScope(ctx, root, "", 0);
  const workflows = compileWorkflows(ctx, root, scope);

  const expanded = new Map<JobInstance, ExpandedJob | undefined>();
  for (const workflow of workflows) {
    if (!workflow.enabled) continue;
    for (const instance of workflow.instances) {
      if (instance.approval || !instance.resolved) continue;
      const preSteps = instance.preSteps;
      const postSteps = instance.postSteps;
      expanded.set(
        instance,
        expandJob(
          ctx,
          { resolved: instance.resolved, args: instance.args, preSteps, postSteps },
          scope,
        ),
      );
    }
  }

  const trigger = options.trigger ?? { kind: "push" };
  const planned: PlanWorkflow[] = [];
  const unsupported = new UnsupportedExecutors();
  for (const workflow of workflows) {
    if (!workflow.enabled) continue;
    const scheduled = workflow.schedules.length > 0;
    const runs = trigger.kind === "push" ? !scheduled : workflow.name === trigger.workflow;
    if (!runs) continue;
    const ref = tag !== undefined ? { tag } : branch !== undefined ? { branch } : {};
    planned.push(planWorkflow(ctx, workflow, expanded, ref, unsupported));
  }
  unsupported.report(ctx);
  const setup =
    root.value !== null &&
    typeof root.value === "object" &&
    (root.value as Record<string, unknown>).setup === true;
  if (errors.count > 0) return { ok: false, errors: errors.sorted() };

  const processed = buildProcessedConfig(workflows, expanded, ctx.orbsUsed, setup);
  if (Buffer.byteLength(processed, "utf8") > limits.maxProcessedBytes) {
    errors.add(root.position, "", "the processed config is larger than 8 MB, CircleCI's limit");
    return { ok: false, errors: errors.sorted() };
  }
  const plan: Plan = {
    workflows: planned.filter((w) => w.jobs.length > 0),
    schedules: workflows.filter((w) => w.enabled).flatMap((w) => w.schedules),
    setup,
    orbs: { ...ctx.orbsUsed },
  };
  return { ok: true, plan, processed };
}
