// What every browser-suite file needs to reach the Cairn that `npm test` starts for it.
import type { Db } from "@cairn/db";

/** The running stack's web URL and database; fails clearly outside `npm test`. */
export function e2eStack() {
  const baseUrl = process.env.CAIRN_E2E_URL;
  const databaseUrl = process.env.CAIRN_E2E_DATABASE_URL;
  if (!baseUrl || !databaseUrl) {
    throw new Error(
      "CAIRN_E2E_URL and CAIRN_E2E_DATABASE_URL are not set: run the browser suite through `npm test`, which starts Cairn for it.",
    );
  }
  return { baseUrl, databaseUrl };
}

/** Reads until `done` holds, every `intervalMs`, failing after `timeoutMs` with the last value. */
export async function pollUntil<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 90_000, intervalMs = 300 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Cancels what the tests left running (only after a failure), so that deleting the
 * projects never pulls rows from under the worker.
 */
export async function cancelUnfinishedWork(
  db: Db,
  baseUrl: string,
  slugs: string[],
  token: string,
) {
  const workflows = await db.job.findMany({
    where: { project: { slug: { in: slugs } }, status: { in: ["blocked", "queued", "running"] } },
    select: { workflowId: true },
    distinct: ["workflowId"],
  });
  for (const { workflowId } of workflows) {
    await fetch(new URL(`/api/v2/workflow/${workflowId}/cancel`, baseUrl), {
      method: "POST",
      headers: { "Circle-Token": token },
    });
  }
  // The worker stops a canceled job's containers within a moment of hearing of it.
  if (workflows.length > 0) await new Promise((resolve) => setTimeout(resolve, 3000));
}
