import { didYouMean } from "../errors.ts";
import { limits } from "../limits.ts";
import { copyPositions } from "../parse/locations.ts";
import type { PlanSchedule, RequiredStatus } from "../plan/types.ts";
import {
  checkKeys,
  expectList,
  expectMap,
  expectScalar,
  expectStringOrList,
} from "../validate/checks.ts";
import { type Cursor, child, report, withValue } from "../validate/cursor.ts";
import { RESERVED_JOB_PARAMETERS } from "../validate/parameters.ts";
import { checkSteps } from "../validate/steps.ts";
import { describeType, isMap, isSeq, newMap, scalarToString, type YamlMap } from "../values.ts";
import type { CompileContext } from "./context.ts";
import { evaluateExpression } from "./expression.ts";
import { type JobFilters, readBranchFilter, readFilters } from "./filters.ts";
import { evaluateLogic } from "./logic.ts";
import { matrixJobName, readMatrix } from "./matrix.ts";
import type { Resolved, Scope } from "./scope.ts";
import { substitute, type TemplateScope } from "./substitute.ts";

/** One job of a workflow after matrix expansion, before filters. */
export interface JobInstance {
  /** Unique in the workflow. */
  name: string;
  /** The key of the workflow entry: a job name, `orb/job`, or an approval's name. */
  jobRef: string;
  approval: boolean;
  /** The job definition (absent for approvals and unknown jobs). */
  resolved?: Resolved;
  /** Arguments for the job's parameters (matrix values included). */
  args: Cursor;
  requires: { name: string; statuses: RequiredStatus[]; at: Cursor }[];
  /** Resolved `requires`: instance names with statuses. */
  upstream: { job: string; statuses: RequiredStatus[] }[];
  context: string[];
  filters?: JobFilters;
  serialGroup?: string;
  preSteps: Cursor;
  postSteps: Cursor;
  /** The workflow entry, for errors. */
  at: Cursor;
  /** The name `requires` may use for all jobs of this matrix. */
  matrixAlias?: string;
  /** The entry as it appears in the processed config (substituted). */
  entryOptions: YamlMap;
}

export interface CompiledWorkflow {
  name: string;
  at: Cursor;
  /** `when` true / `unless` false (or absent). */
  enabled: boolean;
  schedules: PlanSchedule[];
  instances: JobInstance[];
}

const WORKFLOW_KEYS = ["jobs", "triggers", "when", "unless", "max_auto_reruns"];
const ENTRY_KEYS = [
  ...RESERVED_JOB_PARAMETERS,
  "pre-steps",
  "post-steps",
  "serial-group",
  "override-with",
];
const STATUSES: readonly RequiredStatus[] = [
  "success",
  "failed",
  "canceled",
  "unauthorized",
  "not_run",
  "terminal",
];

/** Compiles the `workflows` section (or the implicit single `build` workflow). */
export function compileWorkflows(
  ctx: CompileContext,
  root: Cursor,
  scope: Scope,
): CompiledWorkflow[] {
  const workflowsAt = child(root, "workflows");
  if (workflowsAt.value === undefined || workflowsAt.value === null) {
    // No workflows: CircleCI runs the job named `build`.
    if (!scope.definitions.jobs.has("build")) {
      report(ctx.errors, root, "the config has no 'workflows' and no job named 'build' to run");
      return [];
    }
    const entry = withValue(workflowsAt, ["build"]);
    const workflowAt = withValue(workflowsAt, { jobs: entry.value });
    return [compileWorkflow(ctx, "workflow", workflowAt, scope)];
  }
  if (!expectMap(ctx.errors, workflowsAt, "'workflows'")) return [];
  const workflows: CompiledWorkflow[] = [];
  for (const name of Object.keys(workflowsAt.value)) {
    if (name === "version") continue; // `workflows: {version: 2}` from 2.0 configs
    workflows.push(compileWorkflow(ctx, name, child(workflowsAt, name), scope));
  }
  return workflows;
}

function compileWorkflow(
  ctx: CompileContext,
  name: string,
  at: Cursor,
  scope: Scope,
): CompiledWorkflow {
  const workflow: CompiledWorkflow = { name, at, enabled: true, schedules: [], instances: [] };
  if (!expectMap(ctx.errors, at, `workflow '${name}'`)) return workflow;
  checkKeys(ctx.errors, at, WORKFLOW_KEYS, `workflow '${name}'`);
  for (const key of ["when", "unless"] as const) {
    const condition = child(at, key);
    if (condition.value === undefined) continue;
    const value = ctx.templating
      ? substitute(condition.value, { pipeline: ctx.pipeline }, (m) =>
          report(ctx.errors, condition, m),
        )
      : condition.value;
    const decision = evaluateLogic(ctx.errors, withValue(condition, value), ctx.pipeline);
    if (decision !== undefined && decision !== (key === "when")) workflow.enabled = false;
  }
  workflow.schedules = readTriggers(ctx, child(at, "triggers"), name);
  const jobsAt = child(at, "jobs");
  if (jobsAt.value === undefined || jobsAt.value === null) {
    report(ctx.errors, at, `workflow '${name}' needs 'jobs'`);
    return workflow;
  }
  if (!expectList(ctx.errors, jobsAt, `'jobs' of workflow '${name}'`)) return workflow;
  jobsAt.value.forEach((_, index) => {
    for (const instance of readEntry(ctx, child(jobsAt, index), scope)) {
      if (workflow.instances.length >= limits.maxJobsPerWorkflow) {
        report(
          ctx.errors,
          jobsAt,
          `workflow '${name}' has more than ${limits.maxJobsPerWorkflow} jobs`,
        );
        return;
      }
      workflow.instances.push(instance);
    }
  });
  checkDuplicates(ctx, workflow);
  resolveRequires(ctx, workflow);
  checkCycles(ctx, workflow);
  return workflow;
}

function readEntry(ctx: CompileContext, at: Cursor, scope: Scope): JobInstance[] {
  let jobRef: string;
  let options: Cursor;
  if (typeof at.value === "string") {
    jobRef = at.value;
    options = withValue(at, newMap());
  } else if (isMap(at.value) && Object.keys(at.value).length === 1) {
    jobRef = Object.keys(at.value)[0]!;
    options = child(at, jobRef);
    if (options.value === null || options.value === undefined)
      options = withValue(options, newMap());
    if (!expectMap(ctx.errors, options, `the options of '${jobRef}'`)) return [];
  } else if (isMap(at.value) && isMisindentedEntry(at.value)) {
    // `- build:` with its options one level too shallow: `{build: null, filters: …}`.
    // CircleCI runs such configs; the options are read as the job's.
    const [first, ...rest] = Object.keys(at.value);
    jobRef = first!;
    const moved = newMap();
    for (const key of rest) moved[key] = at.value[key];
    options = withValue(at, copyPositions(at.value, moved));
  } else {
    report(
      ctx.errors,
      at,
      isMap(at.value)
        ? `a workflow job entry is 'job-name' or a map with one key (the job) holding its options; found ${Object.keys(
            at.value,
          )
            .map((k) => `'${k}'`)
            .join(", ")} — check the indentation`
        : `a workflow job entry must be a job name or a map, not ${describeType(at.value)}`,
    );
    return [];
  }
  const optionsMap = options.value as YamlMap;
  const approval = optionsMap.type === "approval";
  let resolved: Resolved | undefined;
  if (!approval) {
    resolved = scope.lookup("jobs", jobRef);
    if (!resolved && !scope.isUnavailable(jobRef)) {
      const suggestion = didYouMean(jobRef, scope.names("jobs"));
      report(
        ctx.errors,
        at,
        `unknown job '${jobRef}'${suggestion || " (jobs not defined under 'jobs' must be 'type: approval')"}`,
      );
    }
  } else {
    checkKeys(ctx.errors, options, ENTRY_KEYS, `approval job '${jobRef}'`);
  }
  const type = child(options, "type");
  if (type.value !== undefined && type.value !== "approval") {
    report(
      ctx.errors,
      type,
      `a workflow job entry's 'type' can only be 'approval'; found ${JSON.stringify(type.value)}`,
    );
  }

  const matrixAt = child(options, "matrix");
  const matrix = matrixAt.value === undefined ? undefined : readMatrix(ctx.errors, matrixAt);
  if (matrixAt.value !== undefined && !matrix) return [];
  const combinations = matrix ? matrix.combinations : [undefined];
  return combinations.map((combination) => {
    const templateScope: TemplateScope = { pipeline: ctx.pipeline };
    if (combination) templateScope.matrix = combination;
    const rest = newMap();
    for (const [key, value] of Object.entries(optionsMap)) if (key !== "matrix") rest[key] = value;
    const substituted = (
      ctx.templating
        ? substitute(rest, templateScope, (message) => report(ctx.errors, options, message))
        : rest
    ) as YamlMap;
    const entry = withValue(options, substituted);
    const explicitName = substituted.name;
    const name =
      explicitName !== undefined && explicitName !== null
        ? scalarToString(explicitName)
        : combination
          ? matrixJobName(jobRef, combination)
          : jobRef;
    if (explicitName !== undefined)
      expectScalar(ctx.errors, child(entry, "name"), "string", "'name'", false);
    const args = newMap();
    if (combination) Object.assign(args, combination);
    for (const [key, value] of Object.entries(substituted)) {
      if (!ENTRY_KEYS.includes(key)) args[key] = value;
    }
    const preSteps = child(entry, "pre-steps");
    const postSteps = child(entry, "post-steps");
    checkSteps(ctx.errors, preSteps, "'pre-steps'");
    checkSteps(ctx.errors, postSteps, "'post-steps'");
    const instance: JobInstance = {
      name,
      jobRef,
      approval,
      args: withValue(entry, args),
      requires: readRequires(ctx, child(entry, "requires")),
      upstream: [],
      context: readContext(ctx, child(entry, "context")),
      preSteps,
      postSteps,
      at,
      entryOptions: substituted,
    };
    if (resolved) instance.resolved = resolved;
    if (matrix) instance.matrixAlias = matrix.alias ?? jobRef;
    const filters = readFilters(ctx.errors, child(entry, "filters"));
    if (filters?.expression !== undefined) {
      const result = evaluateExpression(filters.expression, ctx.pipeline);
      if (!result.ok)
        report(ctx.errors, child(entry, "filters"), `invalid filter expression: ${result.message}`);
    }
    if (filters) instance.filters = filters;
    const serial = child(entry, "serial-group");
    if (
      serial.value !== undefined &&
      expectScalar(ctx.errors, serial, "string", "'serial-group'", false)
    ) {
      instance.serialGroup = scalarToString(serial.value);
    }
    return instance;
  });
}

function isMisindentedEntry(value: YamlMap): boolean {
  const [first, ...rest] = Object.keys(value);
  return (
    first !== undefined &&
    value[first] === null &&
    rest.length > 0 &&
    rest.every((key) => ENTRY_KEYS.includes(key) && value[key] !== null)
  );
}

function readRequires(ctx: CompileContext, at: Cursor): JobInstance["requires"] {
  if (at.value === undefined || at.value === null) return []; // `requires:` left empty
  const items = isSeq(at.value) ? at.value : [at.value];
  const requires: JobInstance["requires"] = [];
  items.forEach((item, index) => {
    const itemAt = isSeq(at.value) ? child(at, index) : at;
    if (typeof item === "string" || typeof item === "number") {
      requires.push({ name: String(item), statuses: ["success"], at: itemAt });
      return;
    }
    if (isMap(item)) {
      for (const name of Object.keys(item)) {
        const statusAt = child(itemAt, name);
        const raw = isSeq(statusAt.value) ? statusAt.value : [statusAt.value];
        const statuses: RequiredStatus[] = [];
        for (const status of raw) {
          if (typeof status === "string" && (STATUSES as readonly string[]).includes(status)) {
            statuses.push(status as RequiredStatus);
          } else {
            report(
              ctx.errors,
              statusAt,
              `unknown job status ${JSON.stringify(status)} in 'requires'; expected ${STATUSES.join(", ")}`,
            );
          }
        }
        if (statuses.length > 0) requires.push({ name, statuses, at: itemAt });
      }
      return;
    }
    report(
      ctx.errors,
      itemAt,
      `each 'requires' entry is a job name or {job: status}, not ${describeType(item)}`,
    );
  });
  return requires;
}

function readContext(ctx: CompileContext, at: Cursor): string[] {
  if (at.value === undefined || at.value === null) return [];
  if (!expectStringOrList(ctx.errors, at, "'context'", false)) return [];
  return (isSeq(at.value) ? at.value : [at.value]).map(scalarToString);
}

function readTriggers(ctx: CompileContext, at: Cursor, workflow: string): PlanSchedule[] {
  if (at.value === undefined || at.value === null) return [];
  if (!expectList(ctx.errors, at, "'triggers'")) return [];
  const schedules: PlanSchedule[] = [];
  at.value.forEach((_, index) => {
    const trigger = child(at, index);
    if (!expectMap(ctx.errors, trigger, "a trigger")) return;
    checkKeys(ctx.errors, trigger, ["schedule"], "a trigger");
    const schedule = child(trigger, "schedule");
    if (!expectMap(ctx.errors, schedule, "'schedule'")) return;
    checkKeys(ctx.errors, schedule, ["cron", "filters"], "'schedule'");
    const cron = child(schedule, "cron");
    if (typeof cron.value !== "string" || cron.value.trim().split(/\s+/).length !== 5) {
      report(ctx.errors, cron, "'cron' must be a five-field cron expression, e.g. \"0 0 * * *\"");
      return;
    }
    const filters = child(schedule, "filters");
    if (!expectMap(ctx.errors, filters, "a schedule's 'filters'")) return;
    checkKeys(ctx.errors, filters, ["branches"], "a schedule's 'filters'");
    const branches = readBranchFilter(ctx.errors, child(filters, "branches"), "branches");
    if (!branches) {
      report(ctx.errors, filters, "a schedule needs 'filters.branches'");
      return;
    }
    schedules.push({ workflow, cron: cron.value.trim(), branches });
  });
  return schedules;
}

function checkDuplicates(ctx: CompileContext, workflow: CompiledWorkflow): void {
  const seen = new Map<string, JobInstance>();
  for (const instance of workflow.instances) {
    const first = seen.get(instance.name);
    if (first) {
      report(
        ctx.errors,
        instance.at,
        `duplicate job name '${instance.name}' in workflow '${workflow.name}' (first at line ${first.at.position.line}); give one of them a different 'name'`,
      );
    } else seen.set(instance.name, instance);
  }
}

function resolveRequires(ctx: CompileContext, workflow: CompiledWorkflow): void {
  const byName = new Map(workflow.instances.map((i) => [i.name, i]));
  const byAlias = new Map<string, JobInstance[]>();
  for (const instance of workflow.instances) {
    if (instance.matrixAlias === undefined) continue;
    const group = byAlias.get(instance.matrixAlias) ?? [];
    group.push(instance);
    byAlias.set(instance.matrixAlias, group);
  }
  for (const instance of workflow.instances) {
    for (const requirement of instance.requires) {
      const targets = byName.has(requirement.name)
        ? [byName.get(requirement.name)!]
        : (byAlias.get(requirement.name) ?? []);
      if (targets.length === 0) {
        report(
          ctx.errors,
          requirement.at,
          `job '${instance.name}' requires '${requirement.name}', which is not a job in workflow '${workflow.name}'${didYouMean(requirement.name, [...byName.keys(), ...byAlias.keys()])}`,
        );
        continue;
      }
      for (const target of targets) {
        if (target === instance) {
          report(ctx.errors, requirement.at, `job '${instance.name}' requires itself`);
          continue;
        }
        const existing = instance.upstream.find((u) => u.job === target.name);
        if (existing) {
          for (const status of requirement.statuses)
            if (!existing.statuses.includes(status)) existing.statuses.push(status);
        } else instance.upstream.push({ job: target.name, statuses: [...requirement.statuses] });
      }
    }
  }
}

function checkCycles(ctx: CompileContext, workflow: CompiledWorkflow): void {
  const byName = new Map(workflow.instances.map((i) => [i.name, i]));
  const state = new Map<string, "visiting" | "done">();
  const reported = new Set<string>();
  // Iterative DFS: workflows can have thousands of matrix jobs.
  for (const start of workflow.instances) {
    if (state.has(start.name)) continue;
    const stack: { instance: JobInstance; next: number }[] = [{ instance: start, next: 0 }];
    state.set(start.name, "visiting");
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const edge = frame.instance.upstream[frame.next++];
      if (!edge) {
        state.set(frame.instance.name, "done");
        stack.pop();
        continue;
      }
      const target = byName.get(edge.job);
      if (!target) continue;
      const targetState = state.get(target.name);
      if (targetState === "visiting") {
        const names = stack.map((f) => f.instance.name);
        const cycle = [...names.slice(names.indexOf(target.name)), target.name];
        const key = [...cycle].sort().join(",");
        if (!reported.has(key)) {
          reported.add(key);
          report(
            ctx.errors,
            frame.instance.at,
            `'requires' forms a cycle in workflow '${workflow.name}': ${cycle.join(" → ")}`,
          );
        }
      } else if (targetState === undefined) {
        state.set(target.name, "visiting");
        stack.push({ instance: target, next: 0 });
      }
    }
  }
}
