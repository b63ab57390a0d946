import type { Db } from "@cairn/db";
import type { BlobStore } from "@cairn/storage";
import { sweepExpiredArtifacts } from "./sweep.ts";

const SWEEP_EVERY_MS = 60 * 60 * 1000;

/** Sweeps expired artifacts now and then every hour; returns a stop function. */
export function startRetentionSweeper(
  db: Db,
  store: BlobStore,
  retentionDays: number,
  log: (line: string) => void,
): () => void {
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      const deleted = await sweepExpiredArtifacts(db, store, retentionDays);
      if (deleted > 0) log(`deleted ${deleted} artifacts older than ${retentionDays} days`);
    } catch (error) {
      log(
        `artifact retention sweep failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      running = false;
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), SWEEP_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
