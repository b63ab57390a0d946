/**
 * Log throughput: a step printing ~100 MB (`head -c 75000000 /dev/urandom | base64`) through
 * the whole path — runner → masking → chunking → PostgreSQL — against a raw `docker exec`
 * of the same command in a container of the same image whose output is only read. Then
 * the pieces of the path alone: the executor's step with its output dropped, and, on the same volume of output generated in memory: masking,
 * LogWriter (masking + chunking) into a sink that drops the chunks, and into PostgreSQL.
 * Run: CAIRN_TEST_DATABASE_URL=postgresql://cairn:cairn@127.0.0.1:5432/postgres npx tsx bench/worker-log-throughput.ts
 * Goal: full path ≤ 1.5 × raw.
 */
import { randomBytes } from "node:crypto";
import { DockerJobSandbox, resourcesForClass } from "@cairn/executor";
import { createLogWriter, type LogChunkSink, LogWriter } from "@cairn/logs";
import { WorkerLoop } from "@cairn/runner";
import { LocalSecretCipher, SecretMasker } from "@cairn/secrets";
import { createBenchProject, jobMilliseconds, seconds } from "./worker-fixtures.ts";

const IMAGE = "cairn/base:bookworm";
const COMMAND = "head -c 75000000 /dev/urandom | base64";
const SECRET = "bench-secret-value-1234";
const PIECE = 32 * 1024; // roughly what one read of Docker's stream hands over
const GOAL = 1.5;
const CONFIG = `version: 2.1
jobs:
  loud:
    docker: [{ image: ${IMAGE} }]
    steps:
      - run: ${COMMAND}
workflows:
  main:
    jobs: [loud]
`;

const bench = await createBenchProject(CONFIG, { BENCH_TOKEN: SECRET });
const { docker, db } = bench;

/** The same command by `docker exec`, its output read and dropped; returns ms and bytes. */
async function rawExec(): Promise<{ ms: number; bytes: number }> {
  const container = await docker.createContainer({
    Image: IMAGE,
    Cmd: ["sleep", "infinity"],
    Labels: { "cairn.test": "1", "cairn.bench": "worker-log-throughput" },
    HostConfig: { Init: true },
  });
  try {
    await container.start();
    const started = performance.now();
    const exec = await container.exec({
      Cmd: ["/bin/bash", "-c", COMMAND],
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = await exec.start({ hijack: true, stdin: false });
    let bytes = 0;
    for await (const chunk of stream) bytes += (chunk as Buffer).length;
    return { ms: performance.now() - started, bytes };
  } finally {
    await container.remove({ force: true });
  }
}

/** The executor alone: the same step in a job sandbox, its output dropped. */
async function executorOnly(): Promise<number> {
  const sandbox = await DockerJobSandbox.create(docker, {
    jobId: "bench-log-throughput",
    workerId: `bench-log-${randomBytes(3).toString("hex")}`,
    executor: {
      kind: "docker",
      images: [{ image: IMAGE, environment: {} }],
      resourceClass: "medium",
    },
    resources: resourcesForClass("medium"),
    labels: { "cairn.test": "1", "cairn.bench": "worker-log-throughput" },
  });
  try {
    const started = performance.now();
    await sandbox.runStep(
      {
        command: COMMAND,
        shell: "/bin/bash -eo pipefail",
        environment: {},
        background: false,
        noOutputTimeoutMs: 60_000,
      },
      { onOutput: () => {} },
    );
    return performance.now() - started;
  } finally {
    await sandbox.destroy();
  }
}

/** Runs the job through an in-process WorkerLoop; returns the step's and the job's ms. */
async function fullPath() {
  const loop = new WorkerLoop(
    {
      db,
      docker,
      store: bench.store,
      cipher: new LocalSecretCipher(bench.masterKey),
      workerId: `bench-log-${randomBytes(3).toString("hex")}`,
      dataDir: bench.dataDir,
      baseUrl: bench.services.baseUrl,
      logMaxBytes: 512 * 1024 * 1024,
      logDatabaseUrl: bench.database.url,
    },
    { databaseUrl: bench.database.url, capacity: 1, leaseSeconds: 30, maxAttempts: 1 },
  );
  await loop.start();
  try {
    const [jobId] = await bench.trigger();
    // Rows carry their transaction's time; compaction deletes them at the end, so the
    // newest is watched while the job runs.
    let lastStoredAt = 0;
    const watcher = setInterval(async () => {
      const [row] = await db.$queryRaw<{ at: Date | null }[]>`
        SELECT max(created_at) AS at FROM log_chunks WHERE job_id = ${jobId}`;
      lastStoredAt = Math.max(lastStoredAt, row?.at?.getTime() ?? 0);
    }, 200);
    const [job] = await bench.waitForJobs([jobId as string], 300_000);
    clearInterval(watcher);
    const step = await db.step.findFirstOrThrow({ where: { jobId, index: 1 } });
    const stepStarted = step.startedAt?.getTime() ?? NaN;
    return {
      status: job?.status,
      stepMs: (step.finishedAt?.getTime() ?? NaN) - stepStarted,
      storedMs: lastStoredAt - stepStarted,
      jobMs: job ? jobMilliseconds(job) : NaN,
      truncated: job?.logTruncated,
    };
  } finally {
    await loop.stop();
  }
}

/** ~100 MB of base64 lines (76 characters and a newline), in PIECE-sized buffers. */
function generatedOutput(): Buffer[] {
  const lines: string[] = [];
  for (let made = 0; made < 75_000_000; made += 57_000) {
    lines.push(
      ...(randomBytes(57_000)
        .toString("base64")
        .match(/.{1,76}/g) ?? []),
    );
  }
  const all = Buffer.from(`${lines.join("\n")}\n`);
  const pieces: Buffer[] = [];
  for (let start = 0; start < all.length; start += PIECE) {
    pieces.push(all.subarray(start, start + PIECE));
  }
  return pieces;
}

function timeMasking(pieces: Buffer[]): number {
  const masker = new SecretMasker([SECRET]);
  const started = performance.now();
  for (const piece of pieces) masker.write(piece);
  masker.flush();
  return performance.now() - started;
}

async function timeLogWriter(pieces: Buffer[], sink: LogChunkSink | LogWriter): Promise<number> {
  const writer =
    sink instanceof LogWriter ? sink : new LogWriter({ sink, secrets: [SECRET], maxBytes: 2e9 });
  const started = performance.now();
  for (const [index, piece] of pieces.entries()) {
    writer.write(1, piece);
    // Let the background flushes run as they would between reads of Docker's stream.
    if (index % 8 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await writer.close();
  return performance.now() - started;
}

try {
  const rawFirst = await rawExec();
  const full = await fullPath();
  const rawSecond = await rawExec();
  const raw = Math.min(rawFirst.ms, rawSecond.ms);
  const ratio = full.storedMs / raw;
  console.log(`output: ${(rawFirst.bytes / 1e6).toFixed(1)} MB (raw stream incl. frame headers)`);
  console.log(`raw docker exec, output read: ${seconds(rawFirst.ms)}, ${seconds(rawSecond.ms)}`);
  console.log(
    `full path (${full.status}${full.truncated ? ", TRUNCATED" : ""}): step start → exec ended ${seconds(full.stepMs)}, → last chunk stored ${seconds(full.storedMs)}; whole job incl. sandbox and compaction ${seconds(full.jobMs)}`,
  );
  console.log(
    `ratio stored / raw: ${ratio.toFixed(2)}× (goal ≤ ${GOAL}×: ${ratio <= GOAL ? "met" : "MISSED"})`,
  );

  console.log(
    `the executor alone (sandbox runStep, output dropped): ${seconds(await executorOnly())}`,
  );
  const pieces = generatedOutput();
  const megabytes = pieces.reduce((sum, piece) => sum + piece.length, 0) / 1e6;
  const dropped: LogChunkSink = { lastSeq: async () => 0, append: async () => {} };
  // A job row to hold the chunks of the PostgreSQL-only run.
  const [spareJobId] = await bench.trigger();
  const [secondSpareJobId] = await bench.trigger();
  const breakdown = {
    "masking alone (SecretMasker.write)": timeMasking(pieces),
    "LogWriter → sink that drops chunks": await timeLogWriter(pieces, dropped),
    "LogWriter → PgLogSink, bytes in rows": await timeLogWriter(
      pieces,
      createLogWriter(db, spareJobId as string, {
        secrets: [SECRET],
        maxBytes: 2e9,
        databaseUrl: bench.database.url,
      }),
    ),
    "LogWriter → PgLogSink, bytes in segments (as the worker)": await timeLogWriter(
      pieces,
      createLogWriter(db, secondSpareJobId as string, {
        secrets: [SECRET],
        maxBytes: 2e9,
        databaseUrl: bench.database.url,
        store: bench.store,
      }),
    ),
  };
  console.log(`the pieces alone, ${megabytes.toFixed(1)} MB in ${pieces.length} writes:`);
  for (const [what, ms] of Object.entries(breakdown)) {
    console.log(`  ${what}: ${seconds(ms)} (${(megabytes / (ms / 1000)).toFixed(0)} MB/s)`);
  }
} finally {
  await bench.cleanUp();
}
