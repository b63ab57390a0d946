import type {
  DockerImage,
  PlanBuildJob,
  PlanJob,
  PlanRequirement,
  PlanStep,
  PlanWorkflow,
} from "../plan/types.ts";
import { type Cursor, child, report } from "../validate/cursor.ts";
import { isMap, isSeq, scalarToString } from "../values.ts";
import type { CompileContext } from "./context.ts";
import { normalizeEnvironment } from "./environment.ts";
import type { ExpandedJob } from "./expand-job.ts";
import { filtersPass, type TriggerRef } from "./filters.ts";
import { toPlanStep } from "./plan-steps.ts";
import type { CompiledWorkflow, JobInstance } from "./workflows.ts";

export const DEFAULT_SHELL = "/bin/bash -eo pipefail";
export const DEFAULT_WORKING_DIRECTORY = "~/project";
export const DEFAULT_RESOURCE_CLASS = "medium";

/**
 * The jobs of one workflow that run for this trigger, with their requirements. A job runs
 * when its own filters pass and, if it requires jobs, at least one of them runs (filtered
 * jobs drop out of `requires`; a job left with none of its requirements does not run).
 */
export function planWorkflow(
  ctx: CompileContext,
  workflow: CompiledWorkflow,
  expanded: ReadonlyMap<JobInstance, ExpandedJob | undefined>,
  trigger: TriggerRef,
  unsupported: UnsupportedExecutors,
): PlanWorkflow {
  const byName = new Map(workflow.instances.map((i) => [i.name, i]));
  const running = new Set(
    workflow.instances
      .filter((i) => filtersPass(i.filters, trigger, ctx.pipeline))
      .map((i) => i.name),
  );
  let changed = true;
  while (changed) {
    changed = false;
    for (const instance of workflow.instances) {
      if (!running.has(instance.name) || instance.upstream.length === 0) continue;
      if (!instance.upstream.some((u) => running.has(u.job))) {
        running.delete(instance.name);
        changed = true;
      }
    }
  }
  const jobs: PlanJob[] = [];
  for (const instance of topologicalOrder(workflow.instances, byName)) {
    if (!running.has(instance.name)) continue;
    const requires: PlanRequirement[] = instance.upstream
      .filter((u) => running.has(u.job))
      .map((u) => ({ job: u.job, statuses: u.statuses }));
    const base = {
      name: instance.name,
      jobName: instance.resolved?.qualifiedName ?? instance.jobRef,
      requires,
      context: instance.context,
      ...(instance.serialGroup !== undefined ? { serialGroup: instance.serialGroup } : {}),
    };
    if (instance.approval) {
      jobs.push({ ...base, type: "approval" });
      continue;
    }
    const job = expanded.get(instance);
    if (!job) continue; // its errors are reported already
    if (job.type === "no-op") {
      jobs.push({ ...base, type: "no-op" });
      continue;
    }
    const build = toBuildJob(ctx, job, instance.name, unsupported);
    if (build) jobs.push({ ...base, ...build });
  }
  return { name: workflow.name, jobs };
}

function topologicalOrder(
  instances: JobInstance[],
  byName: Map<string, JobInstance>,
): JobInstance[] {
  const ordered: JobInstance[] = [];
  const placed = new Set<string>();
  const visit = (start: JobInstance) => {
    const stack: { instance: JobInstance; next: number }[] = [{ instance: start, next: 0 }];
    const onStack = new Set([start.name]);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const edge = frame.instance.upstream[frame.next++];
      if (!edge) {
        stack.pop();
        if (!placed.has(frame.instance.name)) {
          placed.add(frame.instance.name);
          ordered.push(frame.instance);
        }
        continue;
      }
      const target = byName.get(edge.job);
      if (target && !placed.has(target.name) && !onStack.has(target.name)) {
        onStack.add(target.name);
        stack.push({ instance: target, next: 0 });
      }
    }
  };
  for (const instance of instances) if (!placed.has(instance.name)) visit(instance);
  return ordered;
}

/**
 * Jobs on executors Cairn does not run, grouped by executor definition so that a shared
 * `machine:` executor used by twenty jobs gives one error naming them all.
 */
export class UnsupportedExecutors {
  private readonly byPlace = new Map<string, { kind: string; at: Cursor; jobs: string[] }>();

  add(kind: string, at: Cursor, job: string): void {
    const key = `${at.position.file}:${at.position.line}:${at.position.column}`;
    const entry = this.byPlace.get(key) ?? { kind, at, jobs: [] };
    if (!entry.jobs.includes(job)) entry.jobs.push(job);
    this.byPlace.set(key, entry);
  }

  report(ctx: CompileContext): void {
    for (const { kind, at, jobs } of this.byPlace.values()) {
      const shown = jobs
        .slice(0, 5)
        .map((j) => `'${j}'`)
        .join(", ");
      const more = jobs.length > 5 ? ` and ${jobs.length - 5} more` : "";
      const subject = jobs.length === 1 ? `job ${shown} uses` : `jobs ${shown}${more} use`;
      report(
        ctx.errors,
        at,
        `${subject} the ${kind} executor; Cairn runs only the docker executor (give the job a 'docker:' image, or filter it out for Cairn)`,
      );
    }
  }
}

type BuildFields = Omit<PlanBuildJob, "name" | "jobName" | "requires" | "context" | "serialGroup">;

function toBuildJob(
  ctx: CompileContext,
  job: ExpandedJob,
  name: string,
  unsupported: UnsupportedExecutors,
): BuildFields | undefined {
  const executor = job.executor;
  if (!executor) return undefined;
  if (executor.kind !== "docker") {
    unsupported.add(executor.kind, executor.at, name);
    return undefined;
  }
  const images = dockerImages(ctx, executor.at);
  if (!images) return undefined;
  const processed = job.processed;
  const shell = processed.shell === undefined ? DEFAULT_SHELL : scalarToString(processed.shell);
  const parallelism = readParallelism(ctx, child(job.at, "parallelism"));
  const steps: PlanStep[] = [];
  for (const step of job.steps) {
    const planStep = toPlanStep(ctx.errors, step, shell);
    if (planStep) steps.push(planStep);
  }
  return {
    type: "build",
    executor: {
      kind: "docker",
      images,
      resourceClass:
        processed.resource_class === undefined
          ? DEFAULT_RESOURCE_CLASS
          : scalarToString(processed.resource_class),
    },
    parallelism,
    environment: job.environment,
    workingDirectory:
      processed.working_directory === undefined
        ? DEFAULT_WORKING_DIRECTORY
        : scalarToString(processed.working_directory),
    shell,
    steps,
  };
}

function readParallelism(ctx: CompileContext, at: Cursor): number {
  if (at.value === undefined || at.value === null) return 1;
  const value =
    typeof at.value === "string" && /^\d+$/.test(at.value.trim()) ? Number(at.value) : at.value;
  if (typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 1000)
    return value;
  report(
    ctx.errors,
    at,
    `'parallelism' must be a whole number from 1 to 1000; found ${JSON.stringify(at.value)}`,
  );
  return 1;
}

function dockerImages(ctx: CompileContext, at: Cursor): DockerImage[] | undefined {
  if (!isSeq(at.value) || at.value.length === 0) {
    report(ctx.errors, at, "'docker' must list at least one image");
    return undefined;
  }
  const images: DockerImage[] = [];
  at.value.forEach((entry, index) => {
    const entryAt = child(at, index);
    if (
      !isMap(entry) ||
      entry.image === undefined ||
      entry.image === null ||
      typeof entry.image === "object"
    ) {
      report(ctx.errors, entryAt, "each docker image entry needs an 'image' name");
      return;
    }
    const list = (value: unknown) =>
      value === undefined || value === null
        ? undefined
        : (isSeq(value) ? value : [value]).map(scalarToString);
    const image: DockerImage = {
      image: scalarToString(entry.image),
      environment: normalizeEnvironment(ctx.errors, child(entryAt, "environment")),
    };
    if (entry.name !== undefined && entry.name !== null) image.name = scalarToString(entry.name);
    const entrypoint = list(entry.entrypoint);
    if (entrypoint) image.entrypoint = entrypoint;
    const command = list(entry.command);
    if (command) image.command = command;
    if (entry.user !== undefined && entry.user !== null) image.user = scalarToString(entry.user);
    if (isMap(entry.auth)) {
      image.auth = {
        username: scalarToString(entry.auth.username),
        password: scalarToString(entry.auth.password),
      };
    }
    if (isMap(entry.aws_auth)) {
      image.awsAuth = Object.fromEntries(
        Object.entries(entry.aws_auth).map(([k, v]) => [k, scalarToString(v)]),
      );
    }
    images.push(image);
  });
  return images;
}
