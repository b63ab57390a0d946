import { pipeline } from "node:stream";
import type { BlobStore } from "@cairn/storage";
import type { ContainerFiles } from "../container/container-files.ts";
import { JobFilesError } from "../errors.ts";
import { copyEntries, createPack, type EntryRenamer, toNodeReadable } from "./copy-entries.ts";
import { createGunzipStream } from "./gzip.ts";
import { ByteCounter } from "./measure.ts";

/**
 * Streams a stored gzipped tar into the container, extracted at `/`. With `rename`, each
 * entry is renamed on the way (e.g. to put a workspace layer under its `at` directory).
 * Resolves with the number of stored bytes read.
 */
export async function downloadArchive(
  store: BlobStore,
  storageKey: string,
  files: ContainerFiles,
  rename?: EntryRenamer,
): Promise<{ storedBytes: number }> {
  const stored = await store.get(storageKey);
  if (stored === null) {
    throw new JobFilesError(`the stored archive ${storageKey} is missing from storage`);
  }
  const storedCounter = new ByteCounter();
  const tar = pipeline(stored, storedCounter, createGunzipStream(), () => {});
  if (rename === undefined) {
    await files.writeArchive(tar, "/");
    return { storedBytes: storedCounter.bytes };
  }
  const pack = createPack();
  const feed = copyEntries(tar, pack, rename).then(() => pack.finalize());
  feed.catch((error: unknown) => pack.destroy(error as Error));
  const [fed, written] = await Promise.allSettled([
    feed,
    files.writeArchive(toNodeReadable(pack), "/"),
  ]);
  if (fed.status === "rejected") throw fed.reason;
  if (written.status === "rejected") throw written.reason;
  return { storedBytes: storedCounter.bytes };
}
