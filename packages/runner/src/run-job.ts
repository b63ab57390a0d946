import { openProjectMirror, recordAudit } from "@cairn/api/worker";
import type { PlanBuildJob, PlanStep } from "@cairn/config";
import { type Db, type JobStatus, Prisma } from "@cairn/db";
import {
  DockerJobSandbox,
  type ImageAliases,
  JobProgress,
  type JobSandbox,
  type ResourceCap,
  resourcesForClass,
  type StepResult,
} from "@cairn/executor";
import {
  DockerContainerFiles,
  isFileStep,
  type JobFilesContext,
  runFileStep,
} from "@cairn/job-files";
import { compactLog, createLogWriter, deleteLogSegments, type LogWriter } from "@cairn/logs";
import {
  type ContextAccess,
  checkContextAccess,
  type LeasedJob,
  type RequiresMap,
} from "@cairn/queue";
import type { SecretCipher } from "@cairn/secrets";
import type { BlobStore } from "@cairn/storage";
import type Docker from "dockerode";
import { addSshKeys } from "./add-ssh-keys.ts";
import { builtInEnvironment } from "./built-in-environment.ts";
import { runCheckout } from "./checkout.ts";
import { contextEnvironment } from "./context-environment.ts";
import { type JobContext, loadJobContext } from "./job-context.ts";
import { projectEnvironment } from "./project-secrets.ts";
import { StepRecords } from "./step-records.ts";

/** What a worker gives every job it runs. */
export interface RunnerDependencies {
  db: Db;
  docker: Docker;
  store: BlobStore;
  cipher: SecretCipher;
  workerId: string;
  /** Cairn's data directory (repository mirrors). */
  dataDir: string;
  /** The web app's public URL (CIRCLE_BUILD_URL). */
  baseUrl: string;
  aliases?: ImageAliases;
  resourceCap?: ResourceCap;
  logMaxBytes?: number;
  /** Log output is written with `pg` straight to this database (Prisma otherwise: slower). */
  logDatabaseUrl?: string;
  /** Keeps a rerun-with-SSH job's containers up for SSH sessions (the worker's gateway). */
  ssh?: SshWindowHost;
}

/** Holds a finished job's containers open for SSH until its window ends (see @cairn/ssh-gateway). */
export interface SshWindowHost {
  hold(
    jobId: string,
    container: Docker.Container,
    options: { workingDirectory: string; log: (line: string) => void; signal: AbortSignal },
  ): Promise<void>;
}

export interface JobOutcome {
  status: Extract<
    JobStatus,
    "success" | "failed" | "canceled" | "infrastructure_fail" | "unauthorized"
  >;
  failureReason?: string;
}

const SPIN_UP = "Spin up environment";
const WAIT_FOR_SSH = "Wait for SSH sessions";

/**
 * Runs one leased job to its end: sandbox, steps in order (honouring `when`), log,
 * result. It never throws for a problem of the job's own (bad image, failing step): those
 * end the job as failed with the reason in its log. `signal` aborts it (cancel, lost lease).
 */
export async function runJob(
  deps: RunnerDependencies,
  leased: LeasedJob,
  signal: AbortSignal,
): Promise<JobOutcome> {
  const context = await loadJobContext(deps.db, leased.id);
  const plan = context.job.plan as unknown as PlanBuildJob;
  // Dispatch refused jobs whose contexts were off limits; a restriction added while this
  // one waited in the queue is caught here, still before anything starts.
  const access = await contextAccess(deps.db, context);
  if (access && !access.allowed) {
    await auditContextUse(deps.db, context, access);
    return { status: "unauthorized", failureReason: access.reason };
  }
  const secrets = await projectEnvironment(context, deps.db, deps.cipher);
  // Contexts are resolved before the log opens so that their values are masked in it too.
  const contexts = await contextEnvironment(context, deps.db, deps.cipher);
  if (access && contexts.allowed) await auditContextUse(deps.db, context, access);
  const contextValues = contexts.allowed ? contexts.layers.flatMap(Object.values) : [];
  if (leased.attempt > 1) await discardEarlierLog(deps, leased.id);
  const log = createLogWriter(deps.db, leased.id, {
    secrets: [...Object.values(secrets), ...contextValues],
    maxBytes: deps.logMaxBytes,
    databaseUrl: deps.logDatabaseUrl,
    store: deps.store,
  });
  // A retried attempt starts from a clean slate: its test results are its own.
  await deps.db.testCase.deleteMany({ where: { jobId: leased.id } });
  const steps = new StepRecords(deps.db, leased.id);
  const withSsh = context.job.sshRequestedById !== null;
  // A window left open by a lost attempt is not this attempt's.
  if (withSsh && context.job.ssh !== null) {
    await deps.db.job.update({ where: { id: leased.id }, data: { ssh: Prisma.DbNull } });
  }
  await steps.createAll([
    SPIN_UP,
    ...plan.steps.map((step) => step.name),
    ...(withSsh ? [WAIT_FOR_SSH] : []),
  ]);
  const line = (stepIndex: number) => (text: string) =>
    log.write(stepIndex, Buffer.from(`${text}\n`));

  let sandbox: JobSandbox | undefined;
  try {
    await steps.start(0);
    // A context the project may not use ends the job here, before any container starts.
    if (!contexts.allowed) throw new Error(contexts.reason);
    sandbox = await createSandbox(
      deps,
      context,
      plan,
      { project: secrets, contexts: contexts.layers },
      line(0),
      leased,
    );
    const onAbort = () => void sandbox?.cancel();
    signal.addEventListener("abort", onAbort, { once: true });
    if (signal.aborted) onAbort();
    await steps.finish(0, "success");
    const progress = await runSteps(deps, context, plan, sandbox, steps, log, signal);
    if (withSsh) {
      await holdForSsh(deps, sandbox, plan.steps.length + 1, {
        steps,
        log: line(plan.steps.length + 1),
        signal,
        cancelled: progress.cancelled,
      });
    }
    return progress.cancelled || signal.aborted
      ? { status: "canceled" }
      : progress.failed
        ? { status: "failed" }
        : { status: "success" };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    line(0)(reason);
    await steps.finish(0, "failed");
    await steps.markNotRun(1);
    return signal.aborted ? { status: "canceled" } : { status: "failed", failureReason: reason };
  } finally {
    await log.close();
    await sandbox?.destroy();
    await compactLog(deps.db, deps.store, leased.id).catch(() => undefined);
  }
}

/** Whether the job's actor may (still) use its contexts; null for a job without any. */
async function contextAccess(db: Db, context: JobContext): Promise<ContextAccess | null> {
  const { job } = context;
  if (job.contexts.length === 0) return null;
  return checkContextAccess(db, job.workflowId, {
    id: job.id,
    name: job.name,
    contexts: job.contexts,
    requires: job.requires as RequiresMap,
  });
}

/** One audit event per job that uses (or is refused) its contexts, naming its actor. */
async function auditContextUse(db: Db, context: JobContext, access: ContextAccess) {
  const { job, project, pipeline } = context;
  const actor = access.actorId
    ? await db.user.findUnique({
        where: { id: access.actorId },
        select: { login: true, name: true },
      })
    : null;
  await recordAudit(db, {
    action: "context.use",
    actor: actor
      ? { id: access.actorId, type: "user", name: actor.login ?? actor.name }
      : { id: null, type: "system", name: pipeline.actorLogin },
    target: { type: "job", id: job.id, name: job.name },
    organizationId: project.organizationId,
    projectId: project.id,
    success: access.allowed,
    metadata: { contexts: job.contexts, ...(access.allowed ? {} : { reason: access.reason }) },
  });
}

/**
 * Rerun with SSH: after the steps, whatever their outcome, the containers stay up for SSH
 * sessions until the window ends; the job's status is already decided by its steps.
 */
async function holdForSsh(
  deps: RunnerDependencies,
  sandbox: JobSandbox,
  index: number,
  place: {
    steps: StepRecords;
    log: (text: string) => void;
    signal: AbortSignal;
    cancelled: boolean;
  },
) {
  if (place.cancelled || place.signal.aborted) {
    await place.steps.finish(index, "not_run");
    return;
  }
  await place.steps.start(index);
  if (!deps.ssh) {
    place.log("This worker does not accept SSH connections (its SSH gateway is off).");
    await place.steps.finish(index, "failed");
    return;
  }
  await deps.ssh.hold(sandbox.jobId, sandbox.primaryContainer, {
    workingDirectory: sandbox.workingDirectory,
    log: place.log,
    signal: place.signal,
  });
  await place.steps.finish(index, "success");
}

/** A retried attempt's log is its own: the lost attempt's output would only mislead. */
async function discardEarlierLog({ db, store }: RunnerDependencies, jobId: string) {
  await deleteLogSegments(store, jobId);
  await db.$transaction([
    db.logChunk.deleteMany({ where: { jobId } }),
    db.job.update({ where: { id: jobId }, data: { logArchiveKey: null, logTruncated: false } }),
  ]);
}

function createSandbox(
  deps: RunnerDependencies,
  context: JobContext,
  plan: PlanBuildJob,
  secrets: { project: Record<string, string>; contexts: Record<string, string>[] },
  log: (text: string) => void,
  leased: LeasedJob,
) {
  const { pipeline, project, workflow, job } = context;
  log(`Starting ${plan.executor.images.map((image) => image.image).join(", ")}`);
  return DockerJobSandbox.create(deps.docker, {
    jobId: leased.id,
    workerId: deps.workerId,
    executor: plan.executor,
    workingDirectory: plan.workingDirectory,
    resources: resourcesForClass(plan.executor.resourceClass, deps.resourceCap),
    aliases: deps.aliases,
    onLog: log,
    environment: {
      project: secrets.project,
      contexts: secrets.contexts,
      builtIns: builtInEnvironment({
        pipeline: { ...pipeline, revision: pipeline.revision },
        project,
        workflow,
        job: {
          id: job.id,
          name: job.name,
          number: job.number,
          parallelIndex: job.parallelIndex,
          parallelism: job.parallelism,
        },
        workingDirectory: plan.workingDirectory,
        baseUrl: deps.baseUrl,
        slug: project.slug,
      }),
      job: plan.environment,
    },
  });
}

async function runSteps(
  deps: RunnerDependencies,
  context: JobContext,
  plan: PlanBuildJob,
  sandbox: JobSandbox,
  steps: StepRecords,
  log: LogWriter,
  signal: AbortSignal,
): Promise<JobProgress> {
  const progress = new JobProgress();
  const files = new DockerContainerFiles(sandbox.primaryContainer);
  const home = await files.homeDirectory();
  for (const [position, step] of plan.steps.entries()) {
    const index = position + 1;
    if (signal.aborted || !progress.shouldRun(step.when)) {
      await steps.finish(index, "not_run");
      continue;
    }
    await steps.start(index);
    const write = (text: string) => log.write(index, Buffer.from(`${text}\n`));
    let result: StepResult | undefined;
    let failed = false;
    try {
      if (step.kind === "run") {
        result = await sandbox.runStep(step, {
          onOutput: (chunk) => log.write(index, chunk),
          drained: () => log.drained(),
        });
        progress.record(result);
      } else {
        await runOtherStep(deps, context, sandbox, step, { files, home, write });
      }
    } catch (error) {
      write(error instanceof Error ? error.message : String(error));
      failed = true;
      progress.recordFailure();
    }
    await steps.finish(index, stepStatus(result, failed), result?.exitCode);
  }
  return progress;
}

function stepStatus(result: StepResult | undefined, failed: boolean) {
  if (failed) return "failed" as const;
  if (!result) return "success" as const;
  if (result.cancelled) return "canceled" as const;
  if (result.timedOut) return "timedout" as const;
  return result.background || result.halted || result.exitCode === 0 ? "success" : "failed";
}

async function runOtherStep(
  deps: RunnerDependencies,
  context: JobContext,
  sandbox: JobSandbox,
  step: Exclude<PlanStep, { kind: "run" }>,
  place: { files: DockerContainerFiles; home: string; write: (text: string) => void },
) {
  const { pipeline, project, job } = context;
  if (step.kind === "checkout") {
    const mirror = await openProjectMirror(deps, project);
    await runCheckout(
      sandbox,
      mirror,
      step,
      { home: place.home, ...pipeline, sha: pipeline.revision },
      place.write,
    );
    return;
  }
  if (isFileStep(step)) {
    const filesContext: JobFilesContext = {
      db: deps.db,
      store: deps.store,
      files: place.files,
      job: { id: job.id, projectId: project.id, workflowId: job.workflowId },
      workingDirectory: sandbox.workingDirectory,
      keyValues: {
        branch: pipeline.branch ?? "",
        buildNum: job.number ?? 0,
        revision: pipeline.revision,
        checkoutKey: project.deployKeyFingerprint ?? "",
        environment: (context.job.plan as unknown as PlanBuildJob).environment,
        arch: "arch1-linux-amd64",
        now: () => new Date(),
      },
      onLog: place.write,
    };
    await runFileStep(filesContext, step);
    return;
  }
  if (step.kind === "add_ssh_keys") {
    await addSshKeys(deps, project, sandbox, step, place.write);
    return;
  }
  throw new Error(
    `${step.kind} is not available: Cairn runs jobs in the docker executor without a remote Docker engine.`,
  );
}
