/**
 * The job page of a job with a 100 MB log, measured on the server side plus the page's own
 * log code run in Node (not in a browser). The log is written the way the worker writes
 * it (`createLogWriter` with its `pg` pool and blob store), then read the way the page
 * reads it: `jobs.get` (tRPC), then the socket gateway's `LogFollower.follow(job, 0)` in
 * batches of 100 chunks, each batch turned into the socket payload (base64) and fed to the
 * page's `LogModel` and `buildLogRows`. Both while the chunks are still rows in PostgreSQL
 * and after the job ended and its log was compacted into storage.
 * "First page ready" = jobs.get + first batch delivered + first batch in the model: what
 * the page needs before it shows output and answers clicks. The rest of the backlog then
 * arrives batch by batch; the longest model update is the longest the page's main thread
 * is busy at once.
 * Run: CAIRN_TEST_DATABASE_URL=postgresql://cairn:cairn@127.0.0.1:5432/postgres npx tsx bench/job-page.ts
 * Goal: first page ready well under 2 s.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Services } from "@cairn/api";
import { createCaller, createTRPCContext } from "@cairn/api/trpc";
import { createTestDatabase } from "@cairn/db/testing";
import { compactLog, type LogChunk, LogFollower, readLog } from "@cairn/logs";
import { LocalSecretCipher } from "@cairn/secrets";
import { createBlobStore } from "@cairn/storage";
import { LogModel } from "../apps/web/src/components/job-log/log-model.ts";
import { buildLogRows } from "../apps/web/src/components/job-log/log-rows.ts";
import { createLargeLogJob } from "./large-log-job.ts";

const LOG_BYTES = 100 * 1024 * 1024;
const FOLLOW_BATCH_SIZE = 20; // as the web app's socket gateway
const GOAL_MS = 2000;

const adminUrl = process.env.CAIRN_TEST_DATABASE_URL;
if (!adminUrl) {
  console.error("Set CAIRN_TEST_DATABASE_URL to a PostgreSQL role that may create databases.");
  process.exit(1);
}

const database = await createTestDatabase(adminUrl);
const root = await mkdtemp(join(tmpdir(), "cairn-job-page-bench-"));
const store = createBlobStore({ kind: "filesystem", root });
try {
  const { db } = database;
  const user = await db.user.create({
    data: { email: "bench@example.test", login: "bench", name: "Bench", isAdmin: true },
  });
  // 100 MB of output over three steps, written as the worker writes it.
  const writeStart = performance.now();
  const { jobId, lines, bytes } = await createLargeLogJob(db, {
    databaseUrl: database.url,
    store,
    logBytes: LOG_BYTES,
    name: "bench",
  });
  console.log(
    `wrote ${(bytes / 1024 / 1024).toFixed(0)} MB (${lines.toLocaleString("en")} lines) as the worker does in ${(
      (performance.now() - writeStart) / 1000
    ).toFixed(1)} s`,
  );

  const services: Services = {
    db,
    cipher: LocalSecretCipher.fromBase64(randomBytes(32).toString("base64")),
    dataDir: root,
    baseUrl: "http://cairn.test",
    orbCacheDir: join(root, "orbs"),
  };
  const caller = createCaller(createTRPCContext({ viewer: user, services }));

  /** What the page does with one socket message: decode it into lines, rebuild the rows. */
  function pageUpdate(
    model: LogModel,
    steps: { index: number; name: string; status: string; durationMs: number | null }[],
    chunks: LogChunk[],
  ) {
    const start = performance.now();
    model.append(
      chunks.map((chunk) => ({
        seq: chunk.seq,
        step: chunk.stepIndex,
        data: chunk.data.toString("base64"),
      })),
    );
    const rowsStart = performance.now();
    buildLogRows(model.byStep, steps, new Set());
    const end = performance.now();
    return { total: end - start, rows: end - rowsStart };
  }

  /** jobs.get, then the first batch the gateway would send (the follower reads it the same way). */
  async function firstPage(label: string) {
    const start = performance.now();
    const detail = await caller.jobs.get({ id: jobId });
    const detailMs = performance.now() - start;
    const chunks = await readLog(db, store, jobId, { afterSeq: 0, limit: FOLLOW_BATCH_SIZE });
    pageUpdate(new LogModel(), detail.steps, chunks);
    const firstPageMs = performance.now() - start;
    const verdict = firstPageMs < GOAL_MS ? "ok" : `OVER the ${GOAL_MS} ms goal`;
    console.log(
      `${label.padEnd(34)} jobs.get ${detailMs.toFixed(0).padStart(4)} ms · first page ready ${firstPageMs
        .toFixed(0)
        .padStart(5)} ms (${verdict})`,
    );
  }

  /** The whole backlog through the socket gateway's LogFollower, fed to the page's model. */
  async function wholeBacklog(label: string) {
    const follower = new LogFollower({
      connectionString: database.url,
      db,
      store,
      batchSize: FOLLOW_BATCH_SIZE,
    });
    await follower.start(); // the web process keeps its one LISTEN connection open
    const start = performance.now();
    const detail = await caller.jobs.get({ id: jobId });
    const model = new LogModel();
    let firstPageMs = 0;
    let batches = 0;
    let longest = 0;
    let modelMs = 0;
    let rowsMs = 0;
    // follow() resolves once the whole backlog was delivered.
    const stop = await follower.follow(jobId, 0, (chunks: LogChunk[]) => {
      const took = pageUpdate(model, detail.steps, chunks);
      modelMs += took.total;
      rowsMs += took.rows;
      longest = Math.max(longest, took.total);
      if (++batches === 1) firstPageMs = performance.now() - start;
    });
    const totalMs = performance.now() - start;
    stop();
    await follower.close();
    console.log(
      `${label.padEnd(34)} first page ${firstPageMs.toFixed(0)} ms · whole backlog ${(totalMs / 1000).toFixed(1)} s in ${batches} batches, ${model.lines.length.toLocaleString(
        "en",
      )} lines · page work ${(modelMs / 1000).toFixed(1)} s (of which rebuilding rows ${(rowsMs / 1000).toFixed(1)} s), longest update ${longest.toFixed(0)} ms`,
    );
  }

  const chunkRows = await db.logChunk.count({ where: { jobId } });
  console.log(`\nlog in PostgreSQL (${chunkRows.toLocaleString("en")} chunk rows):`);
  for (let run = 1; run <= 5; run++) await firstPage(`  open #${run}`);
  await wholeBacklog("  following from the start");

  const compactStart = performance.now();
  const compacted = await compactLog(db, store, jobId);
  console.log(
    `\ncompacted into storage in ${((performance.now() - compactStart) / 1000).toFixed(1)} s (${(
      compacted.compressedBytes / 1024 / 1024
    ).toFixed(1)} MB gzip):`,
  );
  for (let run = 1; run <= 5; run++) await firstPage(`  open #${run}`);
  await wholeBacklog("  following from the start");
} finally {
  await database.drop();
  await rm(root, { recursive: true, force: true });
}
