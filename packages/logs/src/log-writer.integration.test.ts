import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compactLog } from "./compact-log.ts";
import { createLogWriter } from "./create-log-writer.ts";
import { logSegmentPrefix } from "./log-segments.ts";
import { readLog } from "./read-log.ts";
import { createLogTestSetup, type LogTestSetup } from "./testing/log-test-setup.ts";

let setup: LogTestSetup;
beforeAll(async () => {
  setup = await createLogTestSetup(process.env.CAIRN_TEST_DATABASE_URL);
});
afterAll(() => setup?.cleanUp());

function concat(chunks: { data: Buffer }[]): Buffer {
  return Buffer.concat(chunks.map((chunk) => chunk.data));
}

describe("LogWriter with PostgreSQL", () => {
  it("numbers chunks without gaps under concurrent writes", async () => {
    const jobId = await setup.createJob();
    const writer = createLogWriter(setup.database.db, jobId, { flushIntervalMs: 5 });
    const producers = Array.from({ length: 8 }, async (_, producer) => {
      for (let line = 0; line < 150; line++) {
        writer.write(producer % 3, Buffer.from(`p${producer} line ${line}\n`));
        if (line % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
        if (line % 50 === 0) await writer.flush();
      }
    });
    await Promise.all(producers);
    await writer.close();

    const chunks = await readLog(setup.database.db, setup.store, jobId);
    expect(chunks.map((chunk) => chunk.seq)).toEqual(chunks.map((_, i) => i + 1));
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.length).toBeLessThan((8 * 150) / 5); // batched, never a row per line
    const lines = concat(chunks).toString().trimEnd().split("\n");
    expect(lines).toHaveLength(8 * 150);
    for (let producer = 0; producer < 8; producer++) {
      const own = lines.filter((line) => line.startsWith(`p${producer} `));
      expect(own).toEqual(Array.from({ length: 150 }, (_, line) => `p${producer} line ${line}`));
    }
  });

  it("masks secrets before they are stored", async () => {
    const jobId = await setup.createJob();
    const writer = createLogWriter(setup.database.db, jobId, { secrets: ["AKIA-very-secret"] });
    writer.write(0, Buffer.from("key=AKIA-ve"));
    writer.write(
      0,
      Buffer.from(`ry-secret b64=${Buffer.from("AKIA-very-secret").toString("base64")}\n`),
    );
    await writer.close();
    const rows = await setup.database.db.logChunk.findMany({
      where: { jobId },
      orderBy: { seq: "asc" },
    });
    expect(concat(rows.map((row) => ({ data: Buffer.from(row.data ?? []) }))).toString()).toBe(
      "key=**** b64=****\n",
    );
  });

  it("caps the log with a visible notice and marks the job truncated", async () => {
    const jobId = await setup.createJob();
    const writer = createLogWriter(setup.database.db, jobId, { maxBytes: 64 * 1024 });
    for (let i = 0; i < 200; i++) writer.write(1, Buffer.alloc(1024, "z"));
    await writer.close();
    const text = concat(await readLog(setup.database.db, setup.store, jobId)).toString();
    expect(text.length).toBeGreaterThan(64 * 1024);
    expect(text.slice(0, 64 * 1024)).toBe("z".repeat(64 * 1024));
    expect(text.slice(64 * 1024)).toBe(
      "\nLog truncated: this job's output exceeded 64 KB; the rest was discarded. Raise CAIRN_LOG_MAX_BYTES to keep more.\n",
    );
    const [job] = await setup.database.db.$queryRaw<{ log_truncated: boolean }[]>`
      SELECT log_truncated FROM jobs WHERE id = ${jobId}`;
    expect(job?.log_truncated).toBe(true);
  });

  it("round-trips 10 MB of binary output", async () => {
    const jobId = await setup.createJob();
    const output = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < output.length; i += 4) output.writeUInt32LE((i * 2654435761) >>> 0, i);
    const writer = createLogWriter(setup.database.db, jobId, { secrets: ["not-in-there-1"] });
    for (let i = 0; i < output.length; i += 65536) writer.write(2, output.subarray(i, i + 65536));
    await writer.close();
    const chunks = await readLog(setup.database.db, setup.store, jobId);
    expect(concat(chunks).equals(output)).toBe(true);
    expect(chunks.every((chunk) => chunk.data.length <= 32 * 1024)).toBe(true);
    await compactLog(setup.database.db, setup.store, jobId);
    expect(concat(await readLog(setup.database.db, setup.store, jobId)).equals(output)).toBe(true);
  });

  it("puts heavy output in segment blobs, readable live and after compaction", async () => {
    const jobId = await setup.createJob();
    const output = Buffer.from(`${"0123456789abcdef".repeat(4)}\n`.repeat(120_000)); // 7.8 MB
    const writer = createLogWriter(setup.database.db, jobId, {
      databaseUrl: setup.database.url,
      store: setup.store,
      maxBytes: 64 * 1024 * 1024,
    });
    // Written faster than stored, so the stores carry large batches.
    for (let i = 0; i < output.length; i += 65536) writer.write(1, output.subarray(i, i + 65536));
    await writer.close();

    const rows = await setup.database.db.logChunk.findMany({ where: { jobId } });
    const pointers = rows.filter((row) => row.segmentKey !== null);
    expect(pointers.length).toBeGreaterThan(0);
    expect(pointers.every((row) => row.data === null)).toBe(true);
    const segments = [];
    for await (const blob of setup.store.list(logSegmentPrefix(jobId))) segments.push(blob);
    expect(segments.length).toBeGreaterThan(0);

    const live = await readLog(setup.database.db, setup.store, jobId);
    expect(live.map((chunk) => chunk.seq)).toEqual(live.map((_, i) => i + 1));
    expect(concat(live).equals(output)).toBe(true);
    const afterTen = await readLog(setup.database.db, setup.store, jobId, { afterSeq: 10 });
    expect(concat(afterTen).equals(concat(live.slice(10)))).toBe(true);

    await compactLog(setup.database.db, setup.store, jobId);
    const left = [];
    for await (const blob of setup.store.list(logSegmentPrefix(jobId))) left.push(blob);
    expect(left).toEqual([]);
    expect(concat(await readLog(setup.database.db, setup.store, jobId)).equals(output)).toBe(true);
  });
});
