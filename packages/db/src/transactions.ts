import type { Db } from "./client.ts";
import { Prisma } from "./generated/prisma/client.ts";

/** The client inside `db.$transaction(async (tx) => …)`. Functions that must run inside a
 * caller's transaction take a `Tx`; functions that may run either way take `Db | Tx`. */
export type Tx = Prisma.TransactionClient;

export interface TransactionOptions {
  /** Defaults to PostgreSQL's READ COMMITTED. */
  isolationLevel?: Prisma.TransactionIsolationLevel;
  /** Attempts in all when PostgreSQL aborts the transaction for a serialization failure or
   * a deadlock (Prisma's P2034). Default 3. */
  maxAttempts?: number;
  /** Longest the transaction may run, ms (Prisma's default is 5000). */
  timeoutMs?: number;
  /** Longest to wait for a connection to start it, ms (Prisma's default is 2000). */
  maxWaitMs?: number;
}

/** True for Prisma's "write conflict or deadlock" error (PostgreSQL 40001 / 40P01). */
export function isTransactionConflict(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2034";
}

/**
 * Runs `fn` in one interactive transaction and retries the whole of it when PostgreSQL
 * aborts it for a serialization failure or a deadlock — what SERIALIZABLE transactions
 * are expected to do. `fn` must be safe to run again (no side effects outside `tx`).
 */
export async function withTransaction<T>(
  db: Db,
  fn: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(fn, {
        isolationLevel: options.isolationLevel,
        timeout: options.timeoutMs,
        maxWait: options.maxWaitMs,
      });
    } catch (error) {
      if (attempt >= maxAttempts || !isTransactionConflict(error)) throw error;
      // A little jitter so that two conflicting transactions do not meet again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/**
 * Hands out the project's next pipeline number (1, 2, 3…). The row lock it takes on the
 * project is held until the caller's transaction ends, so numbers are never reused and
 * never skipped when that transaction rolls back.
 */
export async function allocatePipelineNumber(tx: Tx, projectId: string): Promise<number> {
  const project = await tx.project.update({
    where: { id: projectId },
    data: { lastPipelineNumber: { increment: 1 } },
    select: { lastPipelineNumber: true },
  });
  return project.lastPipelineNumber;
}

/**
 * Reserves `count` consecutive job numbers for the project and returns the first; the
 * numbers are `first … first + count - 1`. Same locking as {@link allocatePipelineNumber}.
 */
export async function allocateJobNumbers(
  tx: Tx,
  projectId: string,
  count: number,
): Promise<number> {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`count must be a positive integer, got ${count}`);
  }
  const project = await tx.project.update({
    where: { id: projectId },
    data: { lastJobNumber: { increment: count } },
    select: { lastJobNumber: true },
  });
  return project.lastJobNumber - count + 1;
}
