import type { CompileResult } from "@cairn/config";
import {
  allocatePipelineNumber,
  type Db,
  PipelineTriggerType,
  type Prisma,
  withTransaction,
} from "@cairn/db";
import { advanceWorkflow } from "./advance.ts";
import { QueueError } from "./errors.ts";
import { buildJobRows } from "./job-rows.ts";

export interface CreatePipelineInput {
  projectId: string;
  trigger: {
    type: PipelineTriggerType;
    /** The Cairn user who triggered it, when known. */
    actorId?: string;
    /** The actor as the VCS names it; default the user's login, else "system". */
    actorLogin?: string;
  };
  branch?: string;
  tag?: string;
  sha: string;
  parameters?: Record<string, unknown>;
  configSource: string;
  /** `compileConfig(configSource, …)` from @cairn/config. */
  compiled: CompileResult;
  /** Where the code comes from; default the project's repository (a fork's URL for PRs). */
  originRepositoryUrl?: string;
  /** The pull request this pipeline builds; `fromFork` withholds secrets from its jobs. */
  pullRequest?: { number: number; url: string; fromFork: boolean };
}

export interface CreatedPipeline {
  pipelineId: string;
  number: number;
  /** Empty when the config did not compile. */
  workflows: { id: string; name: string; jobIds: string[] }[];
  /** Jobs queued at once (no requirements), already announced on `cairn_job_queued`. */
  queuedJobIds: string[];
}

/**
 * Stores a pipeline with a workflow per planned workflow and a row per job copy, and queues
 * the jobs that need nothing (approvals go on hold, no-ops succeed). A config that did not
 * compile makes an `errored` pipeline (status `error`) holding the errors.
 */
export async function createPipeline(db: Db, input: CreatePipelineInput): Promise<CreatedPipeline> {
  if (!input.sha) throw new QueueError("invalid_input", "sha is required");
  if (!Object.values(PipelineTriggerType).includes(input.trigger.type)) {
    throw new QueueError(
      "invalid_input",
      `trigger type must be one of ${Object.values(PipelineTriggerType).join(", ")}`,
    );
  }
  return withTransaction(
    db,
    async (tx) => {
      const project = await tx.project.findUnique({
        where: { id: input.projectId },
        select: { repoUrl: true },
      });
      if (!project) throw new QueueError("not_found", `project ${input.projectId} not found`);
      const number = await allocatePipelineNumber(tx, input.projectId);
      const compiled = input.compiled;
      const pipeline = await tx.pipeline.create({
        data: {
          projectId: input.projectId,
          number,
          state: compiled.ok ? "created" : "errored",
          status: compiled.ok ? "running" : "error",
          triggerType: input.trigger.type,
          triggeredById: input.trigger.actorId,
          actorLogin: await actorLogin(tx, input.trigger),
          branch: input.branch,
          tag: input.tag,
          revision: input.sha,
          targetRepositoryUrl: project.repoUrl,
          originRepositoryUrl: input.originRepositoryUrl ?? project.repoUrl,
          pullRequestNumber: input.pullRequest?.number,
          pullRequestUrl: input.pullRequest?.url,
          fromFork: input.pullRequest?.fromFork ?? false,
          parameters: (input.parameters ?? {}) as Prisma.InputJsonValue,
          configSource: input.configSource,
          configErrors: compiled.ok
            ? []
            : compiled.errors.map((error) => ({ type: "config", ...error })),
        },
        select: { id: true },
      });
      const created: CreatedPipeline = {
        pipelineId: pipeline.id,
        number,
        workflows: [],
        queuedJobIds: [],
      };
      if (!compiled.ok) return created;

      for (const planned of compiled.plan.workflows) {
        const workflow = await tx.workflow.create({
          data: { pipelineId: pipeline.id, name: planned.name, startedById: input.trigger.actorId },
          select: { id: true },
        });
        const rows = await buildJobRows(tx, input.projectId, workflow.id, planned.jobs);
        const jobs = await tx.job.createManyAndReturn({ data: rows, select: { id: true } });
        created.workflows.push({
          id: workflow.id,
          name: planned.name,
          jobIds: jobs.map((job) => job.id),
        });
        created.queuedJobIds.push(...(await advanceWorkflow(tx, workflow.id)));
      }
      if (compiled.plan.workflows.length === 0) {
        await tx.pipeline.update({ where: { id: pipeline.id }, data: { status: "not_run" } });
      }
      return created;
    },
    { timeoutMs: 15_000 },
  );
}

async function actorLogin(
  tx: Prisma.TransactionClient,
  trigger: CreatePipelineInput["trigger"],
): Promise<string> {
  if (trigger.actorLogin) return trigger.actorLogin;
  if (!trigger.actorId) return "system";
  const user = await tx.user.findUnique({
    where: { id: trigger.actorId },
    select: { login: true, name: true },
  });
  return user?.login ?? user?.name ?? "system";
}
