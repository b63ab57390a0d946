import { pipeline } from "node:stream";
import type { BlobStore } from "@cairn/storage";
import type { ContainerFiles } from "../container/container-files.ts";
import {
  copyEntries,
  createPack,
  type EntryRenamer,
  type TarHeader,
  toNodeReadable,
} from "./copy-entries.ts";
import { createFastGzip } from "./gzip.ts";
import { ByteCounter } from "./measure.ts";

/** One path of the container to put in an archive, and how its entries are named there. */
export interface ArchiveSource {
  path: string;
  rename: EntryRenamer;
}

export interface UploadedArchive {
  /** Bytes of the tar before compression. */
  tarBytes: number;
  /** Bytes stored. */
  storedBytes: number;
}

/**
 * Streams the given container paths as one gzipped tar into the store: Docker's archive →
 * renamed entries → gzip → store, with backpressure end to end (nothing is buffered whole).
 */
export async function uploadArchive(
  store: BlobStore,
  storageKey: string,
  files: ContainerFiles,
  sources: ArchiveSource[],
  onEntry?: (header: TarHeader) => void,
): Promise<UploadedArchive> {
  const pack = createPack();
  const tarCounter = new ByteCounter();
  const storedCounter = new ByteCounter();
  // Errors reach store.put through the last stream; this callback only has to exist.
  const body = pipeline(
    toNodeReadable(pack),
    tarCounter,
    createFastGzip(),
    storedCounter,
    () => {},
  );
  const upload = store.put(storageKey, body, { contentType: "application/gzip" });
  const feed = (async () => {
    for (const source of sources) {
      await copyEntries(await files.readArchive(source.path), pack, source.rename, onEntry);
    }
    pack.finalize();
  })();
  feed.catch((error: unknown) => pack.destroy(error as Error));
  // The feed's error is the meaningful one (e.g. a path that vanished); the upload then
  // fails too with a generic "premature close".
  const [fed, uploaded] = await Promise.allSettled([feed, upload]);
  if (fed.status === "rejected") throw fed.reason;
  if (uploaded.status === "rejected") throw uploaded.reason;
  return { tarBytes: tarCounter.bytes, storedBytes: storedCounter.bytes };
}
