import type { Db } from "@cairn/db";
import type { CacheCandidate } from "./pick-restore-candidate.ts";

export interface StoredCache extends CacheCandidate {
  id: string;
  storagePath: string;
  size: bigint;
}

/**
 * For each prefix, the newest cache of the project whose key starts with it (at most one
 * row per prefix, however many caches match). `starts_with` rather than LIKE, so `%` and
 * `_` in keys are plain characters.
 */
export async function newestCachePerPrefix(
  db: Db,
  projectId: string,
  prefixes: readonly string[],
): Promise<StoredCache[]> {
  if (prefixes.length === 0) return [];
  return db.$queryRaw<StoredCache[]>`
    SELECT DISTINCT ON (p.ord) c.id, c.key, c.storage_path AS "storagePath", c.size,
           c.created_at AS "createdAt"
    FROM unnest(${prefixes as string[]}::text[]) WITH ORDINALITY AS p(prefix, ord)
    JOIN caches c ON c.project_id = ${projectId} AND starts_with(c.key, p.prefix)
    ORDER BY p.ord, c.created_at DESC, c.id DESC`;
}
