import { downloadArchive } from "../archive/download-archive.ts";
import type { JobFilesContext } from "../context.ts";
import { JobFilesError } from "../errors.ts";
import { elapsedSince, formatBytes, formatSeconds } from "../format.ts";
import { newestCachePerPrefix } from "./find-caches.ts";
import { pickRestoreCandidate } from "./pick-restore-candidate.ts";
import { renderCacheKey } from "./render-keys.ts";

export interface RestoreCacheInput {
  /** Key templates tried in order; each is a prefix. */
  keys: string[];
}

export type RestoreCacheResult =
  | { status: "restored"; key: string; size: number }
  | { status: "miss" };

/**
 * restore_cache: finds the newest cache whose key starts with the first key that matches
 * anything, and extracts it at the absolute paths it was saved from. A miss is a warning.
 */
export async function restoreCache(
  context: JobFilesContext,
  input: RestoreCacheInput,
): Promise<RestoreCacheResult> {
  const { db, job, onLog } = context;
  if (input.keys.length === 0) throw new JobFilesError("restore_cache needs a key or keys");
  const keys: string[] = [];
  for (const template of input.keys) keys.push(await renderCacheKey(context, template));

  const found = pickRestoreCandidate(keys, await newestCachePerPrefix(db, job.projectId, keys));
  if (!found) {
    onLog(`Warning: no cache found for keys: ${keys.join(", ")}`);
    return { status: "miss" };
  }
  const { cache } = found;
  onLog(`Found a cache with key: ${cache.key} (matched ${keys[found.keyIndex]})`);
  if (!(await context.store.head(cache.storagePath))) {
    onLog(`Warning: the archive of cache ${cache.key} is missing from storage; nothing restored`);
    return { status: "miss" };
  }
  const started = performance.now();
  const { storedBytes } = await downloadArchive(context.store, cache.storagePath, context.files);
  onLog(`Restored ${formatBytes(storedBytes)} cache in ${formatSeconds(elapsedSince(started))}`);
  await db.cache.update({ where: { id: cache.id }, data: { lastUsedAt: new Date() } });
  return { status: "restored", key: cache.key, size: storedBytes };
}
