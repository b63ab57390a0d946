import type { Prisma, Tx } from "@cairn/db";
import { CHANNELS, notifyJobs } from "./channels.ts";

/**
 * The project setting that caps how many of its jobs run at once:
 * `Project.settings.maxConcurrentJobs` (a positive integer; absent = no cap).
 */
export const PROJECT_LIMIT_SETTING = "maxConcurrentJobs";

export function projectJobLimit(settings: Prisma.JsonValue): number | undefined {
  if (settings === null || typeof settings !== "object" || Array.isArray(settings)) return;
  const value = settings[PROJECT_LIMIT_SETTING];
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}

export function projectLimitReason(limit: number, running: number): string {
  return `waiting: project concurrency limit ${limit} reached (${running} running)`;
}

/**
 * Brings the waiting reason of the project's queued jobs up to date after its number of
 * running jobs may have changed (rows another transaction holds are skipped, never waited
 * for: a leaser holds its candidate row while it waits for the project's turn): the reason while the cap is reached, none once a slot is
 * free. A free slot clears only the cap's own reason (a retry note stays until the lease). Returns true when the project has
 * queued jobs and a free slot, i.e. a worker should be woken.
 */
export async function refreshProjectWaitingReasons(tx: Tx, projectId: string): Promise<boolean> {
  const project = await tx.project.findUnique({
    where: { id: projectId },
    select: { settings: true },
  });
  const limit = project ? projectJobLimit(project.settings) : undefined;
  const running = await tx.job.count({ where: { projectId, status: "running" } });
  const atLimit = limit !== undefined && running >= limit;
  if (atLimit) {
    const reason = projectLimitReason(limit, running);
    await tx.$executeRaw`
      UPDATE jobs SET waiting_reason = ${reason}
      WHERE id IN (
        SELECT id FROM jobs WHERE project_id = ${projectId} AND status = 'queued'
          AND waiting_reason IS DISTINCT FROM ${reason}
        FOR UPDATE SKIP LOCKED)`;
  } else {
    await tx.$executeRaw`
      UPDATE jobs SET waiting_reason = NULL
      WHERE id IN (
        SELECT id FROM jobs WHERE project_id = ${projectId} AND status = 'queued'
          AND waiting_reason LIKE 'waiting: project concurrency%'
        FOR UPDATE SKIP LOCKED)`;
  }
  return !atLimit;
}

/**
 * After one of the project's running jobs ended: updates the waiting reasons and, when the
 * project has a cap, wakes workers for the queued jobs that the freed slot lets through
 * (nothing else would announce them: they were queued long ago).
 */
export async function releaseProjectSlot(tx: Tx, projectId: string): Promise<void> {
  const free = await refreshProjectWaitingReasons(tx, projectId);
  const project = await tx.project.findUnique({
    where: { id: projectId },
    select: { settings: true },
  });
  const limit = project ? projectJobLimit(project.settings) : undefined;
  if (!free || limit === undefined) return;
  const waiting = await tx.job.findMany({
    where: { projectId, status: "queued" },
    orderBy: [{ queuedAt: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true },
  });
  await notifyJobs(
    tx,
    CHANNELS.queued,
    waiting.map((job) => job.id),
  );
}
