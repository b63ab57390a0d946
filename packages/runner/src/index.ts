export { builtInEnvironment, type JobIdentity } from "./built-in-environment.ts";
export { type JobOutcome, type RunnerDependencies, runJob } from "./run-job.ts";
export { WorkerLoop, type WorkerLoopOptions } from "./worker-loop.ts";
