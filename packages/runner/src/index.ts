export { builtInEnvironment, type JobIdentity } from "./built-in-environment.ts";
export {
  type JobOutcome,
  type RunnerDependencies,
  runJob,
  type SshWindowHost,
} from "./run-job.ts";
export { WorkerLoop, type WorkerLoopOptions } from "./worker-loop.ts";
