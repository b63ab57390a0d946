// Job start overhead: from DockerJobSandbox.create() to the first byte of a `run` step's
// output, minus a raw `docker run --rm cairn/base:bookworm echo hi` measured in the same run.
// Run with `npx tsx bench/job-start-overhead.ts [rounds]` (needs the local Docker engine).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createDockerClient, DockerJobSandbox } from "@cairn/executor";

const run = promisify(execFile);
const rounds = Number(process.argv[2] ?? 7);
const docker = createDockerClient(process.env.DOCKER_HOST);
const IMAGE = "cairn/base:bookworm";

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

async function rawDockerRun(): Promise<number> {
  const started = performance.now();
  await run("docker", ["run", "--rm", "--label", "cairn.bench=1", IMAGE, "echo", "hi"]);
  return performance.now() - started;
}

async function sandboxToFirstByte(round: number): Promise<{ firstByte: number; destroy: number }> {
  const started = performance.now();
  const sandbox = await DockerJobSandbox.create(docker, {
    jobId: `bench-${round}`,
    workerId: "bench",
    executor: {
      kind: "docker",
      images: [{ image: IMAGE, environment: {} }],
      resourceClass: "small",
    },
    resources: { cpus: 1, memoryBytes: 2 * 1024 ** 3, pidsLimit: 4096 },
    labels: { "cairn.bench": "1" },
  });
  let firstByte = 0;
  await sandbox.runStep(
    {
      command: "echo hi",
      shell: "/bin/bash -eo pipefail",
      environment: {},
      background: false,
      noOutputTimeoutMs: 60_000,
    },
    {
      onOutput: () => {
        if (!firstByte) firstByte = performance.now() - started;
      },
    },
  );
  const destroyStarted = performance.now();
  await sandbox.destroy();
  return { firstByte, destroy: performance.now() - destroyStarted };
}

await rawDockerRun(); // warm-up
await sandboxToFirstByte(-1);
const raw: number[] = [];
const firstBytes: number[] = [];
const destroys: number[] = [];
for (let round = 0; round < rounds; round++) {
  raw.push(await rawDockerRun());
  const { firstByte, destroy } = await sandboxToFirstByte(round);
  firstBytes.push(firstByte);
  destroys.push(destroy);
}
const overhead = median(firstBytes) - median(raw);
console.log(`rounds: ${rounds}`);
console.log(`raw docker run --rm ${IMAGE} echo hi: median ${median(raw).toFixed(0)} ms`);
console.log(
  `sandbox create → first byte of a run step: median ${median(firstBytes).toFixed(0)} ms`,
);
console.log(`sandbox destroy: median ${median(destroys).toFixed(0)} ms`);
console.log(`overhead (first byte − raw docker run): ${overhead.toFixed(0)} ms (goal < 300 ms)`);
