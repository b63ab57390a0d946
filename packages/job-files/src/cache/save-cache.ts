import { isUniqueViolation } from "@cairn/db";
import { uploadArchive } from "../archive/upload-archive.ts";
import { containerPath, type JobFilesContext } from "../context.ts";
import { JobFilesError } from "../errors.ts";
import { elapsedSince, formatBytes, formatSeconds } from "../format.ts";
import { archiveNameFromAbsolute, entryAbsolutePath } from "../paths.ts";
import { renderCacheKey } from "./render-keys.ts";
import { cacheStorageKey } from "./storage-key.ts";

export interface SaveCacheInput {
  /** Key template (`deps-{{ checksum "package-lock.json" }}`). */
  key: string;
  paths: string[];
}

export type SaveCacheResult =
  | { status: "saved"; key: string; size: number }
  | { status: "skipped"; key: string; reason: "exists" | "no-paths" };

/**
 * save_cache: archives the paths (at their absolute locations, so restore puts them back
 * where they were) under a key that, once saved, is never overwritten.
 */
export async function saveCache(
  context: JobFilesContext,
  input: SaveCacheInput,
): Promise<SaveCacheResult> {
  const { db, job, onLog } = context;
  if (input.paths.length === 0) throw new JobFilesError("save_cache needs at least one path");
  const key = await renderCacheKey(context, input.key);
  const existing = await db.cache.findUnique({
    where: { projectId_key: { projectId: job.projectId, key } },
    select: { id: true },
  });
  if (existing) {
    onLog(`Skipping cache generation, cache already exists for key: ${key}`);
    return { status: "skipped", key, reason: "exists" };
  }

  const paths: string[] = [];
  for (const path of input.paths) {
    const absolute = await containerPath(context, path);
    if (await context.files.exists(absolute)) paths.push(absolute);
    else onLog(`Warning: could not find ${absolute} (no such file or directory), not caching it`);
  }
  if (paths.length === 0) {
    onLog(`Warning: none of the paths exist, no cache saved for key: ${key}`);
    return { status: "skipped", key, reason: "no-paths" };
  }

  onLog(`Creating cache archive of ${paths.join(", ")}`);
  const storagePath = cacheStorageKey(job.projectId, key);
  const started = performance.now();
  const uploaded = await uploadArchive(
    context.store,
    storagePath,
    context.files,
    paths.map((source) => ({
      path: source,
      rename: (header) => ({
        name: archiveNameFromAbsolute(entryAbsolutePath(source, header.name)),
        linkname: header.linkname
          ? archiveNameFromAbsolute(entryAbsolutePath(source, header.linkname))
          : undefined,
      }),
    })),
  );
  onLog(
    `Uploaded ${formatBytes(uploaded.storedBytes)} cache (${formatBytes(uploaded.tarBytes)} unpacked) in ${formatSeconds(elapsedSince(started))}`,
  );

  try {
    await db.cache.create({
      data: { projectId: job.projectId, key, storagePath, size: BigInt(uploaded.storedBytes) },
    });
  } catch (error) {
    // Another job saved the same key meanwhile. Both archives were made for the same key,
    // so whichever landed in storage last is as good as the other.
    if (!isUniqueViolation(error, "caches_project_id_key_key")) throw error;
    onLog(`Skipping cache generation, cache already exists for key: ${key}`);
    return { status: "skipped", key, reason: "exists" };
  }
  onLog(`Stored cache with key: ${key}`);
  return { status: "saved", key, size: uploaded.storedBytes };
}
