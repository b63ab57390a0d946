import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import lockfile from "proper-lockfile";
import { VcsError } from "../errors.ts";

const inProcess = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` while holding the lock of one mirror: jobs of the same project in this process
 * queue behind each other, and other processes sharing the data directory wait on a lock
 * directory (`<mirror>.lock`, taken over when its holder died and stopped refreshing it).
 */
export function withMirrorLock<T>(
  mirrorPath: string,
  waitMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  const previous = inProcess.get(mirrorPath) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => withFileLock(mirrorPath, waitMs, fn));
  const tail = run.catch(() => undefined);
  inProcess.set(mirrorPath, tail);
  void tail.then(() => {
    if (inProcess.get(mirrorPath) === tail) inProcess.delete(mirrorPath);
  });
  return run;
}

async function withFileLock<T>(
  mirrorPath: string,
  waitMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  await mkdir(dirname(mirrorPath), { recursive: true });
  try {
    release = await lockfile.lock(mirrorPath, {
      lockfilePath: `${mirrorPath}.lock`,
      realpath: false,
      stale: 30_000,
      update: 5_000,
      retries: { retries: 10_000, minTimeout: 100, maxTimeout: 1_000, maxRetryTime: waitMs },
      onCompromised: (error) => {
        compromised = error;
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
    throw new VcsError(
      "timeout",
      `Another process kept the repository mirror locked for more than ${Math.round(waitMs / 1000)} s.`,
    );
  }
  try {
    const result = await fn();
    if (compromised)
      throw new VcsError("git_failed", `The mirror lock was lost: ${compromised.message}`);
    return result;
  } finally {
    await release().catch(() => undefined);
  }
}
