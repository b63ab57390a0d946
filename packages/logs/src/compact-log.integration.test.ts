import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compactLog } from "./compact-log.ts";
import { createLogWriter } from "./create-log-writer.ts";
import { logArchiveKey, logIndexKey } from "./log-archive.ts";
import { readLog } from "./read-log.ts";
import { createLogTestSetup, type LogTestSetup } from "./testing/log-test-setup.ts";

let setup: LogTestSetup;
beforeAll(async () => {
  setup = await createLogTestSetup(process.env.CAIRN_TEST_DATABASE_URL);
});
afterAll(() => setup?.cleanUp());

async function writeSteps(jobId: string): Promise<void> {
  const writer = createLogWriter(setup.database.db, jobId, { flushBytes: 1000 });
  for (let step = 0; step < 3; step++) {
    for (let line = 0; line < 200; line++) {
      writer.write(step, Buffer.from(`step ${step} line ${line}\n`));
    }
    await writer.flush();
  }
  writer.write(null, Buffer.from([0xff, 0x00, 0xfe]));
  await writer.close();
}

async function rowCount(jobId: string): Promise<number> {
  return setup.database.db.logChunk.count({ where: { jobId } });
}

async function archiveKeyOf(jobId: string): Promise<string | null> {
  const job = await setup.database.db.job.findUniqueOrThrow({ where: { id: jobId } });
  return job.logArchiveKey;
}

describe("compactLog", () => {
  it("moves the log into one gzip blob that reads exactly like the rows did", async () => {
    const jobId = await setup.createJob();
    await writeSteps(jobId);
    const { db } = setup.database;
    const before = await readLog(db, setup.store, jobId);
    const stepOne = await readLog(db, setup.store, jobId, { step: 1 });
    const tail = await readLog(db, setup.store, jobId, { afterSeq: 4, limit: 3 });
    expect(before.length).toBeGreaterThan(6);

    const result = await compactLog(db, setup.store, jobId);
    expect(result.archiveKey).toBe(`logs/${jobId}.log.gz`);
    expect(result.chunks).toBe(before.length);
    expect(result.compressedBytes).toBeLessThan(result.bytes / 3);
    expect(await rowCount(jobId)).toBe(0);
    expect(await archiveKeyOf(jobId)).toBe(result.archiveKey);
    expect(await setup.store.head(result.archiveKey)).toMatchObject({
      contentType: "application/gzip",
    });

    expect(await readLog(db, setup.store, jobId)).toEqual(before);
    expect(await readLog(db, setup.store, jobId, { step: 1 })).toEqual(stepOne);
    expect(await readLog(db, setup.store, jobId, { afterSeq: 4, limit: 3 })).toEqual(tail);
    expect(await readLog(db, setup.store, jobId, { afterSeq: before.length })).toEqual([]);
    expect(before.at(-1)).toMatchObject({ stepIndex: null, data: Buffer.from([0xff, 0, 0xfe]) });
  });

  it("finishes a compaction that crashed after pointing the job at the archive", async () => {
    const jobId = await setup.createJob();
    await writeSteps(jobId);
    const { db } = setup.database;
    const before = await readLog(db, setup.store, jobId);
    await compactLog(db, setup.store, jobId);
    // Put the rows back as if the crash came before they were deleted.
    await db.logChunk.createMany({
      data: before.map((chunk) => ({
        jobId,
        seq: chunk.seq,
        stepIndex: chunk.stepIndex,
        data: new Uint8Array(chunk.data),
      })),
    });
    expect(await readLog(db, setup.store, jobId)).toEqual(before);
    const again = await compactLog(db, setup.store, jobId);
    expect(again.chunks).toBe(before.length);
    expect(await rowCount(jobId)).toBe(0);
    expect(await readLog(db, setup.store, jobId)).toEqual(before);
  });

  it("redoes a compaction that crashed before pointing the job at the archive", async () => {
    const jobId = await setup.createJob();
    await writeSteps(jobId);
    const { db } = setup.database;
    const before = await readLog(db, setup.store, jobId);
    await setup.store.put(logArchiveKey(jobId), Buffer.from("half-written garbage"));
    await setup.store.put(logIndexKey(logArchiveKey(jobId)), Buffer.from("{}"));
    expect(await readLog(db, setup.store, jobId)).toEqual(before); // rows still rule
    await compactLog(db, setup.store, jobId);
    expect(await readLog(db, setup.store, jobId)).toEqual(before);
  });

  it("archives an empty log and explains an unknown job", async () => {
    const jobId = await setup.createJob();
    expect(await compactLog(setup.database.db, setup.store, jobId)).toMatchObject({ chunks: 0 });
    expect(await readLog(setup.database.db, setup.store, jobId)).toEqual([]);
    await expect(compactLog(setup.database.db, setup.store, "no-such-job")).rejects.toThrow(
      "compactLog: no job with id no-such-job",
    );
    expect(await readLog(setup.database.db, setup.store, "no-such-job")).toEqual([]);
    await expect(readLog(setup.database.db, setup.store, jobId, { afterSeq: -2 })).rejects.toThrow(
      /afterSeq must be/,
    );
  });
});
