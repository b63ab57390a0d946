import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogWriter } from "./create-log-writer.ts";
import { decodeLogNotification, LOG_CHANNEL } from "./log-chunk.ts";
import { readLog } from "./read-log.ts";
import { createLogTestSetup, type LogTestSetup } from "./testing/log-test-setup.ts";

let setup: LogTestSetup;
let listener: pg.Client;
const announced: { jobId: string; seq: number }[] = [];
beforeAll(async () => {
  setup = await createLogTestSetup(process.env.CAIRN_TEST_DATABASE_URL);
  listener = new pg.Client({ connectionString: setup.database.url });
  await listener.connect();
  listener.on("notification", (message) => {
    const notification = decodeLogNotification(message.payload);
    if (notification) announced.push(notification);
  });
  await listener.query(`LISTEN ${LOG_CHANNEL}`);
});
afterAll(async () => {
  await listener?.end();
  await setup?.cleanUp();
});

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

describe("LogWriter writing with pg directly", () => {
  it("stores a fast producer's output in large batches, one NOTIFY per transaction", async () => {
    const jobId = await setup.createJob();
    const output = Buffer.alloc(8 * 1024 * 1024);
    for (let i = 0; i < output.length; i += 4) output.writeUInt32LE((i * 2654435761) >>> 0, i);
    const writer = createLogWriter(setup.database.db, jobId, {
      secrets: ["not-in-there-1"],
      databaseUrl: setup.database.url,
    });
    for (let i = 0; i < output.length; i += 16384) writer.write(1, output.subarray(i, i + 16384));
    await writer.close();

    const chunks = await readLog(setup.database.db, setup.store, jobId);
    expect(Buffer.concat(chunks.map((chunk) => chunk.data)).equals(output)).toBe(true);
    expect(chunks.map((chunk) => chunk.seq)).toEqual(chunks.map((_, i) => i + 1));
    expect(chunks.every((chunk) => chunk.data.length <= 32 * 1024)).toBe(true);
    await waitFor(() => announced.some((n) => n.jobId === jobId && n.seq === chunks.length));
    const own = announced.filter((notification) => notification.jobId === jobId);
    // About 1 MB per transaction: far fewer announcements than the 256 chunks.
    expect(own.length).toBeLessThanOrEqual(16);
    expect(own.at(-1)?.seq).toBe(chunks.length);
  });

  it("continues after the stored max seq and marks truncation in the same store", async () => {
    const jobId = await setup.createJob();
    const first = createLogWriter(setup.database.db, jobId, { databaseUrl: setup.database.url });
    first.write(0, Buffer.from("first attempt\n"));
    await first.close();
    const second = createLogWriter(setup.database.db, jobId, {
      databaseUrl: setup.database.url,
      maxBytes: 10,
    });
    second.write(0, Buffer.from("0123456789 and more"));
    await second.close();
    const text = Buffer.concat(
      (await readLog(setup.database.db, setup.store, jobId)).map((chunk) => chunk.data),
    ).toString();
    expect(text).toMatch(/^first attempt\n0123456789\nLog truncated: /);
    const [job] = await setup.database.db.$queryRaw<{ log_truncated: boolean }[]>`
      SELECT log_truncated FROM jobs WHERE id = ${jobId}`;
    expect(job?.log_truncated).toBe(true);
  });

  it("rejects flush and close with a readable error when the database is unreachable", async () => {
    const jobId = await setup.createJob();
    const url = new URL(setup.database.url);
    url.port = "1";
    const writer = createLogWriter(setup.database.db, jobId, { databaseUrl: url.toString() });
    writer.write(0, Buffer.from("lost\n"));
    await expect(writer.close()).rejects.toThrow(/ECONNREFUSED|connect/);
  });
});
