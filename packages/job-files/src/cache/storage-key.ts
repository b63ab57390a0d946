import { createHash } from "node:crypto";

/** Where a cache's archive lives: keys may hold any character, so the path uses a hash. */
export function cacheStorageKey(projectId: string, key: string): string {
  const digest = createHash("sha256").update(key).digest("hex");
  return `caches/${projectId}/${digest}.tar.gz`;
}
