import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compactLog } from "./compact-log.ts";
import { createLogWriter } from "./create-log-writer.ts";
import type { LogChunk } from "./log-chunk.ts";
import { LogFollower } from "./log-follower.ts";
import { createLogTestSetup, type LogTestSetup } from "./testing/log-test-setup.ts";

let setup: LogTestSetup;
let follower: LogFollower;
const errors: unknown[] = [];

beforeAll(async () => {
  setup = await createLogTestSetup(process.env.CAIRN_TEST_DATABASE_URL);
  follower = new LogFollower({
    connectionString: setup.database.url,
    db: setup.database.db,
    store: setup.store,
    onError: (error) => errors.push(error),
    batchSize: 7, // small, so catching up takes several reads
  });
});
afterAll(async () => {
  await follower?.close();
  await setup?.cleanUp();
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("LogFollower", () => {
  it("hears new chunks announced with NOTIFY", async () => {
    const jobId = await setup.createJob();
    const received: LogChunk[] = [];
    const stop = await follower.follow(jobId, 0, (chunks) => {
      received.push(...chunks);
    });
    expect(received).toEqual([]);
    const writer = createLogWriter(setup.database.db, jobId);
    writer.write(0, Buffer.from("hello follower\n"));
    await waitFor(() => received.length === 1);
    expect(received[0]).toMatchObject({ seq: 1, stepIndex: 0 });
    expect(received[0]?.data.toString()).toBe("hello follower\n");
    stop();
    await writer.close();
  });

  it("gives the backlog, then the tail, with no gap and no duplicate", async () => {
    const jobId = await setup.createJob();
    const writer = createLogWriter(setup.database.db, jobId, { flushIntervalMs: 2 });
    let written = 0;
    const producing = (async () => {
      for (; written < 400; written++) {
        writer.write(written % 2, Buffer.from(`line ${written}\n`));
        if (written % 4 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      await writer.close();
    })();
    await waitFor(() => written > 100);

    const fromStart: LogChunk[] = [];
    const fromMiddle: LogChunk[] = [];
    const stepOne: LogChunk[] = [];
    const stops = [
      await follower.follow(jobId, 0, (chunks) => {
        fromStart.push(...chunks);
      }),
      await follower.follow(jobId, 5, async (chunks) => {
        await new Promise((resolve) => setTimeout(resolve, 3)); // a slow consumer
        fromMiddle.push(...chunks);
      }),
      await follower.follow(
        jobId,
        0,
        (chunks) => {
          stepOne.push(...chunks);
        },
        { step: 1 },
      ),
    ];
    expect(fromStart.length).toBeGreaterThan(0); // the backlog came before follow resolved
    await producing;
    const lastSeq = await setup.database.db.logChunk.count({ where: { jobId } });
    await waitFor(() => fromStart.at(-1)?.seq === lastSeq && fromMiddle.at(-1)?.seq === lastSeq);
    for (const stop of stops) stop();

    const seqs = (chunks: LogChunk[]) => chunks.map((chunk) => chunk.seq);
    expect(seqs(fromStart)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
    expect(seqs(fromMiddle)).toEqual(Array.from({ length: lastSeq - 5 }, (_, i) => i + 6));
    const text = Buffer.concat(fromStart.map((chunk) => chunk.data)).toString();
    expect(text.trimEnd().split("\n").sort()).toEqual(
      Array.from({ length: 400 }, (_, i) => `line ${i}`).sort(),
    );
    expect(stepOne.every((chunk) => chunk.stepIndex === 1)).toBe(true);
    expect(Buffer.concat(stepOne.map((chunk) => chunk.data)).toString()).toBe(
      Array.from({ length: 200 }, (_, i) => `line ${2 * i + 1}\n`).join(""),
    );
    expect(errors).toEqual([]);
  });

  it("reads a compacted log from its archive", async () => {
    const jobId = await setup.createJob();
    const writer = createLogWriter(setup.database.db, jobId, { flushBytes: 100 });
    for (let i = 0; i < 200; i++) writer.write(0, Buffer.from(`archived line ${i}\n`));
    await writer.close();
    await compactLog(setup.database.db, setup.store, jobId);
    const received: LogChunk[] = [];
    const stop = await follower.follow(jobId, 3, (chunks) => {
      received.push(...chunks);
    });
    stop();
    expect(received.length).toBeGreaterThan(7); // several batches of 7
    expect(received.map((chunk) => chunk.seq)).toEqual(received.map((_, i) => i + 4));
    expect(Buffer.concat(received.map((chunk) => chunk.data)).toString()).toContain(
      "archived line 199\n",
    );
  });

  it("rejects a bad cursor", async () => {
    await expect(follower.follow("job", -1, () => {})).rejects.toThrow(/afterSeq/);
  });
});
