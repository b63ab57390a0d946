import type { PlanJob } from "@cairn/config";
import { allocateJobNumbers, type Prisma, type Tx } from "@cairn/db";
import type { RequiresMap } from "./dag.ts";

export type JobRow = Prisma.JobCreateManyInput;

export function requiresMapOf(job: PlanJob): RequiresMap {
  const map: RequiresMap = {};
  for (const requirement of job.requires) {
    map[requirement.job] = [...new Set([...(map[requirement.job] ?? []), ...requirement.statuses])];
  }
  return map;
}

function jobType(job: PlanJob): "build" | "approval" | "no_op" {
  return job.type === "no-op" ? "no_op" : job.type;
}

/**
 * The rows that run `jobs` in a workflow, all `blocked` (advanceWorkflow releases them).
 * Each build job takes the project's next job number; its `parallelism` copies share it
 * with parallelIndex 0…N-1. Approval and no-op jobs have no number.
 */
export async function buildJobRows(
  tx: Tx,
  projectId: string,
  workflowId: string,
  jobs: readonly PlanJob[],
): Promise<JobRow[]> {
  const builds = jobs.filter((job) => job.type === "build").length;
  let nextNumber = builds > 0 ? await allocateJobNumbers(tx, projectId, builds) : 0;
  return jobs.flatMap((job) => {
    const parallelism = job.type === "build" ? job.parallelism : 1;
    const number = job.type === "build" ? nextNumber++ : null;
    return Array.from(
      { length: parallelism },
      (_, parallelIndex): JobRow => ({
        workflowId,
        projectId,
        name: job.name,
        type: jobType(job),
        status: "blocked",
        number,
        requires: requiresMapOf(job),
        plan: job as unknown as Prisma.InputJsonValue,
        contexts: job.context,
        parallelIndex,
        parallelism,
      }),
    );
  });
}
