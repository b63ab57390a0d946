import { retentionCutoff } from "@cairn/artifact-serving";
import type { Db } from "@cairn/db";
import type { BlobStore } from "@cairn/storage";

const BATCH = 500;

/**
 * Deletes artifacts created more than `retentionDays` ago: blobs first, then rows, a batch
 * at a time. A crash between the two leaves rows whose blob is gone, which serve as 404
 * and go in the next sweep. Returns how many artifacts it deleted.
 */
export async function sweepExpiredArtifacts(
  db: Db,
  store: BlobStore,
  retentionDays: number,
  now: Date = new Date(),
): Promise<number> {
  const cutoff = retentionCutoff(now, retentionDays);
  let deleted = 0;
  for (;;) {
    const expired = await db.artifact.findMany({
      where: { createdAt: { lt: cutoff } },
      select: { id: true, storageKey: true },
      orderBy: { createdAt: "asc" },
      take: BATCH,
    });
    if (expired.length === 0) return deleted;
    for (const artifact of expired) await store.delete(artifact.storageKey);
    const result = await db.artifact.deleteMany({
      where: { id: { in: expired.map((artifact) => artifact.id) } },
    });
    deleted += result.count;
  }
}
