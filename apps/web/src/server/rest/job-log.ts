import type { Db } from "@cairn/db";
import { readLog } from "@cairn/logs";
import type { BlobStore } from "@cairn/storage";

/** Chunks read per database or archive read, so a 50 MB log is never held whole. */
const CHUNKS_PER_READ = 200;

/**
 * A job's (already masked) output as a byte stream, read page by page as the client takes
 * it: all of it, or one step's.
 */
export function jobLogStream(
  db: Db,
  store: BlobStore,
  jobId: string,
  step?: number,
): ReadableStream<Uint8Array> {
  let afterSeq = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunks = await readLog(db, store, jobId, {
        afterSeq,
        limit: CHUNKS_PER_READ,
        ...(step !== undefined ? { step } : {}),
      });
      for (const chunk of chunks) controller.enqueue(new Uint8Array(chunk.data));
      const last = chunks.at(-1);
      if (!last || chunks.length < CHUNKS_PER_READ) controller.close();
      else afterSeq = last.seq;
    },
  });
}
