import { stringify } from "yaml";
import type { ExpandedJob } from "../compile/expand-job.ts";
import type { CompiledWorkflow, JobInstance } from "../compile/workflows.ts";
import { deepEqual, newMap, type YamlMap } from "../values.ts";

/**
 * The flattened config, shaped like `circleci config process` output: version 2, every job
 * fully expanded under the name the workflow runs it as, workflows referring to them.
 */
export function buildProcessedConfig(
  workflows: CompiledWorkflow[],
  expanded: ReadonlyMap<JobInstance, ExpandedJob | undefined>,
  orbs: Record<string, string>,
  setup: boolean,
): string {
  const jobs = newMap();
  const processedWorkflows = newMap();
  for (const workflow of workflows) {
    if (!workflow.enabled) continue;
    const entries: unknown[] = [];
    for (const instance of workflow.instances) {
      const options = newMap();
      let key = instance.name;
      if (instance.approval) {
        options.type = "approval";
      } else {
        const job = expanded.get(instance);
        if (!job) continue;
        key = uniqueJobKey(jobs, instance.name, job.processed);
        if (key !== instance.name) options.name = instance.name;
      }
      if (instance.upstream.length > 0) {
        options.requires = instance.upstream.map((u) =>
          u.statuses.length === 1 && u.statuses[0] === "success" ? u.job : { [u.job]: u.statuses },
        );
      }
      if (instance.context.length > 0) options.context = instance.context;
      const filters = instance.entryOptions.filters;
      if (filters !== undefined && filters !== null) options.filters = filters;
      if (instance.serialGroup !== undefined) options["serial-group"] = instance.serialGroup;
      entries.push(Object.keys(options).length === 0 ? key : { [key]: options });
    }
    const body: YamlMap = newMap();
    if (workflow.schedules.length > 0) {
      body.triggers = workflow.schedules.map((s) => ({
        schedule: { cron: s.cron, filters: { branches: s.branches } },
      }));
    }
    body.jobs = entries;
    processedWorkflows[workflow.name] = body;
  }
  processedWorkflows.version = 2;
  const header = Object.entries(orbs)
    .map(([alias, reference]) => `# Orb '${alias}' resolved to '${reference}'\n`)
    .join("");
  const config: YamlMap = newMap();
  config.version = 2;
  if (setup) config.setup = true;
  config.jobs = jobs;
  config.workflows = processedWorkflows;
  return header + stringify(config, { aliasDuplicateObjects: false, lineWidth: 0 });
}

/** The same job invoked with different arguments in two workflows needs two keys. */
function uniqueJobKey(jobs: YamlMap, name: string, body: YamlMap): string {
  for (let n = 1; ; n++) {
    const key = n === 1 ? name : `${name}-${n}`;
    if (!Object.hasOwn(jobs, key)) {
      jobs[key] = body;
      return key;
    }
    if (deepEqual(jobs[key], body)) return key;
  }
}
