import type { Db, Tx } from "@cairn/db";
import type { RequiresMap } from "./dag.ts";

/** A job about to be queued: enough to decide whether it may use its contexts. */
export interface ContextUser {
  id: string;
  name: string;
  contexts: string[];
  requires: RequiresMap;
}

/** The verdict, with the actor it was made for (null: not a Cairn user). */
export type ContextAccess =
  | { allowed: true; actorId: string | null }
  | { allowed: false; reason: string; actorId: string | null };

interface WorkflowFacts {
  organizationId: string;
  projectId: string;
  /** Who started the workflow: a rerun's user, else the pipeline's trigger. */
  starter: string | null;
  jobs: {
    name: string;
    requires: RequiresMap;
    approvedById: string | null;
    approvedAt: Date | null;
  }[];
}

/**
 * Decides, before a job is queued, whether it may use every context it names (CircleCI's
 * security contexts): the context must exist in the project's organization; project
 * restrictions must name this project; group restrictions must include the job's actor —
 * the person who approved the nearest approval job it waits for, else whoever started the
 * workflow. Expression restrictions are not evaluated yet, so a context carrying one is
 * refused rather than handed out unchecked.
 */
export async function checkContextAccess(
  tx: Db | Tx,
  workflowId: string,
  job: ContextUser,
  facts?: WorkflowFacts,
): Promise<ContextAccess> {
  const known = facts ?? (await workflowFacts(tx, workflowId));
  const actorId = actorOf(job, known);
  const refuse = (reason: string): ContextAccess => ({
    allowed: false,
    reason: `unauthorized: ${reason}`,
    actorId,
  });
  const contexts = await tx.context.findMany({
    where: { organizationId: known.organizationId, name: { in: job.contexts } },
    select: { id: true, name: true, restrictions: { select: { type: true, value: true } } },
  });
  for (const name of job.contexts) {
    const context = contexts.find((candidate) => candidate.name === name);
    if (!context) {
      return refuse(`context "${name}" does not exist in this project's organization`);
    }
    const valuesOf = (type: string) =>
      context.restrictions.filter((r) => r.type === type).map((r) => r.value);
    const projects = valuesOf("project");
    if (projects.length > 0 && !projects.includes(known.projectId)) {
      return refuse(`context "${name}" is restricted to other projects`);
    }
    if (valuesOf("expression").length > 0) {
      return refuse(`context "${name}" has an expression restriction, which Cairn cannot check`);
    }
    const groups = valuesOf("group");
    if (groups.length > 0) {
      if (!actorId) {
        return refuse(
          `context "${name}" is restricted to groups, and this pipeline was not started by a Cairn user`,
        );
      }
      const member = await tx.groupMember.findFirst({
        where: { userId: actorId, groupId: { in: groups } },
        select: { groupId: true },
      });
      if (!member) {
        const actor = await tx.user.findUnique({
          where: { id: actorId },
          select: { login: true, name: true },
        });
        const who = actor?.login ?? actor?.name ?? "the actor";
        return refuse(`context "${name}" is restricted to groups that ${who} is not a member of`);
      }
    }
  }
  return { allowed: true, actorId };
}

/** The workflow's facts once, for all the jobs released together. */
export async function workflowFacts(tx: Db | Tx, workflowId: string): Promise<WorkflowFacts> {
  const workflow = await tx.workflow.findUniqueOrThrow({
    where: { id: workflowId },
    select: {
      startedById: true,
      pipeline: {
        select: {
          triggeredById: true,
          project: { select: { id: true, organizationId: true } },
        },
      },
      jobs: { select: { name: true, requires: true, approvedById: true, approvedAt: true } },
    },
  });
  return {
    organizationId: workflow.pipeline.project.organizationId,
    projectId: workflow.pipeline.project.id,
    starter: workflow.startedById ?? workflow.pipeline.triggeredById,
    jobs: workflow.jobs.map((row) => ({ ...row, requires: row.requires as RequiresMap })),
  };
}

/** The latest approver among the jobs this one waits for (directly or not), else the starter. */
function actorOf(job: ContextUser, facts: WorkflowFacts): string | null {
  const seen = new Set<string>();
  const pending = Object.keys(job.requires);
  let latest: { id: string; at: number } | null = null;
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const row of facts.jobs.filter((candidate) => candidate.name === name)) {
      if (row.approvedById && row.approvedAt && (!latest || row.approvedAt.getTime() > latest.at)) {
        latest = { id: row.approvedById, at: row.approvedAt.getTime() };
      }
      pending.push(...Object.keys(row.requires));
    }
  }
  return latest?.id ?? facts.starter;
}
