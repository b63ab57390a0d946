import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compactLog } from "./compact-log.ts";
import { createLogWriter } from "./create-log-writer.ts";
import { type LogArchiveIndex, logArchiveKey, logIndexKey, readLogIndex } from "./log-archive.ts";
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
        createdAt: new Date(chunk.at ?? 0),
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

  it("keeps when each chunk was stored, in a version 2 index", async () => {
    const jobId = await setup.createJob();
    const startedAt = Date.now();
    await writeSteps(jobId);
    const { db } = setup.database;
    const before = await readLog(db, setup.store, jobId);
    // The database's clock stamps rows: allow for a little skew against this process.
    for (const chunk of before) {
      expect(chunk.at).toBeGreaterThan(startedAt - 5_000);
      expect(chunk.at).toBeLessThan(Date.now() + 5_000);
    }
    const { archiveKey } = await compactLog(db, setup.store, jobId);
    const index = await readLogIndex(setup.store, archiveKey);
    expect(index.version).toBe(2);
    expect(index.chunks.map((entry) => entry[4])).toEqual(before.map((chunk) => chunk.at));
    const after = await readLog(db, setup.store, jobId, { afterSeq: 2, limit: 2 });
    expect(after.map((chunk) => chunk.at)).toEqual([before[2]?.at, before[3]?.at]);
  });

  it("still reads an archive whose index is version 1, its chunks without a time", async () => {
    const jobId = await setup.createJob();
    await writeSteps(jobId);
    const { db } = setup.database;
    const before = await readLog(db, setup.store, jobId);
    const { archiveKey } = await compactLog(db, setup.store, jobId);
    const index = await readLogIndex(setup.store, archiveKey);
    const versionOne = {
      version: 1,
      chunks: index.chunks.map(([seq, step, offset, length]) => [seq, step, offset, length]),
    } satisfies LogArchiveIndex;
    await setup.store.put(logIndexKey(archiveKey), Buffer.from(JSON.stringify(versionOne)));
    const read = await readLog(db, setup.store, jobId);
    expect(read).toEqual(before.map((chunk) => ({ ...chunk, at: null })));
    expect(await readLog(db, setup.store, jobId, { step: 2, limit: 1 })).toMatchObject([
      { stepIndex: 2, at: null },
    ]);
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
