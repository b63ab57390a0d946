/**
 * Worker memory under load: a real worker process (apps/worker, capacity 10) runs 10 jobs at
 * once (one job with `parallelism: 10`), each printing output for ~15 s. The worker's RSS
 * is read from /proc/<pid>/status every 500 ms.
 * Run: CAIRN_TEST_DATABASE_URL=postgresql://cairn:cairn@127.0.0.1:5432/postgres npx tsx bench/worker-memory.ts
 * Goal: max RSS under 250 MB.
 */
import { readFileSync } from "node:fs";
import { readLog } from "@cairn/logs";
import { createBenchProject, jobMilliseconds, seconds } from "./worker-fixtures.ts";

const JOBS = 10;
const GOAL_MB = 250;
// ~15 s per job: every 0.1 s, 500 lines of ~65 bytes (≈0.3 MB/s per job, ≈5 MB per job).
const CONFIG = `version: 2.1
jobs:
  chatty:
    docker: [{ image: cairn/base:bookworm }]
    resource_class: small
    parallelism: ${JOBS}
    steps:
      - run: |
          for i in $(seq 1 150); do
            seq -f "node $CIRCLE_NODE_INDEX round $i line %g: lorem ipsum dolor sit amet" 1 500
            sleep 0.1
          done
workflows:
  main:
    jobs: [chatty]
`;

function rssMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kilobytes = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  return kilobytes / 1024;
}

const bench = await createBenchProject(CONFIG);
try {
  const worker = await bench.startWorkerProcess({
    CAIRN_WORKER_CAPACITY: String(JOBS),
    CAIRN_LEASE_SECONDS: "30",
  });
  const pid = worker.pid as number;
  const idle = rssMegabytes(pid);
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(rssMegabytes(pid)), 500);

  const started = performance.now();
  const jobIds = await bench.trigger();
  const jobs = await bench.waitForJobs(jobIds, 180_000);
  const wall = performance.now() - started;
  clearInterval(sampler);

  const steps = await bench.db.step.findMany({
    where: { jobId: { in: jobIds }, index: 1 },
    select: { jobId: true, startedAt: true, finishedAt: true },
  });
  const stepMs = new Map(
    steps.map((step) => [
      step.jobId,
      (step.finishedAt?.getTime() ?? NaN) - (step.startedAt?.getTime() ?? NaN),
    ]),
  );
  const firstLog = await readLog(bench.db, bench.store, jobIds[0] as string);
  const logBytes = firstLog.reduce((sum, chunk) => sum + chunk.data.length, 0);
  const max = Math.max(...samples);
  console.log(`worker RSS idle (ready, no job): ${idle.toFixed(1)} MB`);
  console.log(
    `worker RSS with ${JOBS} jobs: max ${max.toFixed(1)} MB, mean ${(samples.reduce((a, b) => a + b, 0) / samples.length).toFixed(1)} MB over ${samples.length} samples (goal < ${GOAL_MB} MB: ${max < GOAL_MB ? "met" : "MISSED"})`,
  );
  console.log(`all ${JOBS} jobs from trigger to last finished: ${seconds(wall)}`);
  for (const job of [...jobs].sort((a, b) => a.parallelIndex - b.parallelIndex)) {
    console.log(
      `  job ${job.parallelIndex}: ${job.status}, job ${seconds(jobMilliseconds(job))}, output step ${seconds(stepMs.get(job.id) ?? NaN)}`,
    );
  }
  console.log(`log of one job: ${(logBytes / 1e6).toFixed(1)} MB in ${firstLog.length} chunks`);
} finally {
  await bench.cleanUp();
}
