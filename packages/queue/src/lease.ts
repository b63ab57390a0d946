import type { Db, JobType, Prisma, Tx } from "@cairn/db";
import { QueueError, requirePositiveInteger } from "./errors.ts";
import { projectJobLimit, refreshProjectWaitingReasons } from "./project-limit.ts";

export interface LeaseOptions {
  /** Identity of the worker (also written to `workers`, created on first lease). */
  workerId: string;
  /** How long the lease lasts unless renewed (renewLease). */
  leaseSeconds: number;
  /** Most jobs this worker runs at once; no lease while it already runs this many. */
  capacity?: number;
  /** Shown for the worker; default the worker id. */
  hostname?: string;
}

/** What a worker needs to run a job it leased. */
export interface LeasedJob {
  id: string;
  workflowId: string;
  projectId: string;
  name: string;
  type: JobType;
  number: number | null;
  /** The compiled job (@cairn/config's PlanBuildJob). */
  plan: Prisma.JsonValue;
  contexts: string[];
  /** With workerId, the fence: renewLease and finishJob must present both. */
  attempt: number;
  parallelIndex: number;
  parallelism: number;
  leaseExpiresAt: Date;
}

// Rounds of "the project reached its cap while we were deciding": each round sees the
// other leaser's committed lease, so a few are plenty.
const MAX_ROUNDS = 10;

/**
 * Leases the oldest queued job to `workerId`, or returns null when there is none this worker
 * may take (none queued, worker at capacity, or every queued job's project at its cap).
 * A job is only ever leased to one worker: the row is claimed with FOR UPDATE SKIP LOCKED
 * and flipped to running in the same transaction.
 */
export async function leaseNextJob(db: Db, options: LeaseOptions): Promise<LeasedJob | null> {
  if (!options.workerId) throw new QueueError("invalid_input", "workerId is required");
  requirePositiveInteger("leaseSeconds", options.leaseSeconds);
  if (options.capacity !== undefined) requirePositiveInteger("capacity", options.capacity);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const outcome = await db.$transaction((tx) => tryLease(tx, options));
    if (outcome !== "retry") return outcome;
  }
  return null;
}

async function tryLease(tx: Tx, options: LeaseOptions): Promise<LeasedJob | null | "retry"> {
  // Registers the worker and locks its row: one worker's concurrent leases take turns, so
  // its capacity check cannot be raced by itself.
  await tx.$executeRaw`
    INSERT INTO workers (id, hostname) VALUES (${options.workerId}, ${options.hostname ?? options.workerId})
    ON CONFLICT (id) DO UPDATE SET last_heartbeat_at = now()`;
  if (options.capacity !== undefined) {
    const running = await tx.job.count({
      where: { workerId: options.workerId, status: "running" },
    });
    if (running >= options.capacity) return null;
  }

  const candidates = await tx.$queryRaw<{ id: string; project_id: string }[]>`
    SELECT j.id, j.project_id
    FROM jobs j JOIN projects p ON p.id = j.project_id
    WHERE j.status = 'queued'
      AND (
        jsonb_typeof(p.settings -> 'maxConcurrentJobs') IS DISTINCT FROM 'number'
        OR (p.settings ->> 'maxConcurrentJobs')::numeric < 1
        OR (SELECT count(*) FROM jobs r WHERE r.project_id = j.project_id AND r.status = 'running')
           < (p.settings ->> 'maxConcurrentJobs')::numeric
      )
    ORDER BY j.queued_at, j.parallel_index, j.id
    LIMIT 1
    FOR UPDATE OF j SKIP LOCKED`;
  const candidate = candidates[0];
  if (!candidate) return null;

  const capped = await isProjectCapped(tx, candidate.project_id);
  if (capped) {
    // Two workers leasing jobs of one project would both see a free slot: the project's
    // decisions take turns, and the count is read again under the lock.
    await tx.$executeRaw`
      SELECT pg_advisory_xact_lock(hashtext('cairn.project-limit'), hashtext(${candidate.project_id}))`;
    const stillFree = await refreshProjectWaitingReasons(tx, candidate.project_id);
    if (!stillFree) return "retry";
  }

  const [job] = await tx.$queryRaw<LeasedRow[]>`
    UPDATE jobs SET status = 'running', worker_id = ${options.workerId},
      lease_expires_at = now() + make_interval(secs => ${options.leaseSeconds}),
      started_at = now(), waiting_reason = NULL
    WHERE id = ${candidate.id}
    RETURNING id, workflow_id, project_id, name, type::text AS type, number, plan, contexts,
      attempt, parallel_index, parallelism, lease_expires_at`;
  if (capped) await refreshProjectWaitingReasons(tx, candidate.project_id);
  return toLeasedJob(job!);
}

async function isProjectCapped(tx: Tx, projectId: string): Promise<boolean> {
  const project = await tx.project.findUnique({
    where: { id: projectId },
    select: { settings: true },
  });
  return project !== null && projectJobLimit(project.settings) !== undefined;
}

interface LeasedRow {
  id: string;
  workflow_id: string;
  project_id: string;
  name: string;
  type: JobType;
  number: number | null;
  plan: Prisma.JsonValue;
  contexts: string[];
  attempt: number;
  parallel_index: number;
  parallelism: number;
  lease_expires_at: Date;
}

function toLeasedJob(row: LeasedRow): LeasedJob {
  return {
    id: row.id,
    workflowId: row.workflow_id,
    projectId: row.project_id,
    name: row.name,
    type: row.type,
    number: row.number,
    plan: row.plan,
    contexts: row.contexts,
    attempt: row.attempt,
    parallelIndex: row.parallel_index,
    parallelism: row.parallelism,
    leaseExpiresAt: row.lease_expires_at,
  };
}

/**
 * Extends the lease of a running job (the worker's heartbeat). False when the lease is
 * lost: expireLeases took the job back (it is retried under another attempt, or failed), or
 * it was canceled — the worker should then stop the job. A late heartbeat that arrives
 * before anyone took the job back still renews it.
 */
export async function renewLease(
  db: Db,
  jobId: string,
  workerId: string,
  attempt: number,
  leaseSeconds: number,
): Promise<boolean> {
  requirePositiveInteger("leaseSeconds", leaseSeconds);
  const renewed = await db.$executeRaw`
    UPDATE jobs SET lease_expires_at = now() + make_interval(secs => ${leaseSeconds})
    WHERE id = ${jobId} AND worker_id = ${workerId} AND attempt = ${attempt}
      AND status = 'running'`;
  await db.$executeRaw`UPDATE workers SET last_heartbeat_at = now() WHERE id = ${workerId}`;
  return renewed === 1;
}
