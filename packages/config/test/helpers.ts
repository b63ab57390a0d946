import { expect } from "vitest";
import { type CompileOptions, compileConfig } from "../src/compile/compile-config.ts";
import type { ConfigError } from "../src/errors.ts";
import type { Plan, PlanBuildJob, PlanJob } from "../src/plan/types.ts";

/** Compiles and expects success; returns the plan and processed YAML. */
export function compileOk(
  source: string,
  options: CompileOptions = {},
): { plan: Plan; processed: string } {
  const result = compileConfig(source, options);
  if (!result.ok) {
    throw new Error(
      `expected the config to compile:\n${result.errors.map((e) => `${e.line}:${e.column} ${e.message} (${e.path})`).join("\n")}`,
    );
  }
  return result;
}

/** Compiles and expects failure; returns the errors. */
export function compileErrors(source: string, options: CompileOptions = {}): ConfigError[] {
  const result = compileConfig(source, options);
  expect(result.ok, "expected the config to be rejected").toBe(false);
  return result.ok ? [] : result.errors;
}

export function jobsOf(plan: Plan, workflow?: string): PlanJob[] {
  const found = workflow ? plan.workflows.find((w) => w.name === workflow) : plan.workflows[0];
  return found?.jobs ?? [];
}

export function buildJob(plan: Plan, name: string): PlanBuildJob {
  for (const workflow of plan.workflows) {
    const job = workflow.jobs.find((j) => j.name === name);
    if (job?.type === "build") return job;
  }
  throw new Error(`no build job '${name}' in the plan`);
}

/** A docker job body to keep test configs short. */
export const DOCKER = "docker: [{image: cimg/base:stable}]";
