import type { Readable } from "node:stream";
import type { DockerExecutor, RunStep } from "@cairn/config";
import type Docker from "dockerode";
import type { ImageAliases } from "../images/aliases.ts";
import type { ResourceLimits } from "../resources/resource-class.ts";
import type { JobEnvironment } from "./environment.ts";
import type { OutputHandler } from "./exec-stream.ts";

export type { OutputHandler, OutputStream } from "./exec-stream.ts";

/** The parts of a `run` step the sandbox needs (a plan RunStep fits). */
export type RunStepSpec = Pick<
  RunStep,
  "command" | "shell" | "environment" | "background" | "workingDirectory" | "noOutputTimeoutMs"
> &
  Partial<Pick<RunStep, "name">>;

export interface StepResult {
  /** The shell's exit code; null when there is none (killed, cancelled, background). */
  exitCode: number | null;
  /** True when the step ran `circleci-agent step halt`: the job ends successfully after it. */
  halted: boolean;
  /** Killed for producing no output for `noOutputTimeoutMs`. */
  timedOut: boolean;
  /** Killed by the kernel because the job's memory limit was exceeded. */
  oomKilled: boolean;
  /** Stopped by cancel(). */
  cancelled: boolean;
  /** A background step that was started; its output keeps flowing to onOutput. */
  background: boolean;
  durationMs: number;
  /** Why the step failed when the exit code alone does not say (also written to the output). */
  message?: string;
}

export interface SandboxOptions {
  jobId: string;
  workerId: string;
  /** The job's executor from the plan: the first image is the primary container. */
  executor: DockerExecutor;
  /** The job's working directory (default `~/project`). */
  workingDirectory?: string;
  /** The environment layers (see JobEnvironment for the precedence). */
  environment?: JobEnvironment;
  /** Limits per container (see resourcesForClass). */
  resources: ResourceLimits;
  /** The parsed aliases.json, for images that are neither local nor pullable. */
  aliases?: ImageAliases;
  /** Bound on each image pull (default 5 minutes). */
  pullTimeoutMs?: number;
  /** Lines for the job's log (image substitutions, set-up progress). Never secrets. */
  onLog?: (line: string) => void;
  /** Extra labels on every object (e.g. to find test objects). */
  labels?: Record<string, string>;
}

export interface RunStepOptions {
  /** Gets the output; may return false to pause it until `drained` resolves. */
  onOutput: OutputHandler;
  /**
   * Resolves when the consumer can take output again (e.g. `() => log.drained()`). Without
   * it, output is read as fast as Docker sends it whatever onOutput returns.
   */
  drained?: () => Promise<void>;
}

/** One job's isolated set of containers; steps run in its primary container. */
export interface JobSandbox {
  readonly jobId: string;
  /** For getArchive/putArchive and inspections by steps built on top (caches, workspaces…). */
  readonly primaryContainer: Docker.Container;
  /** The job's working directory as configured (may start with `~`). */
  readonly workingDirectory: string;
  runStep(step: RunStepSpec, options: RunStepOptions): Promise<StepResult>;
  /** Extracts a tar stream into `path` (a directory) of the primary container. */
  copyIn(path: string, tar: Readable | Buffer): Promise<void>;
  /** A tar stream of `path` (file or directory) in the primary container. */
  copyOut(path: string): Promise<Readable>;
  /** Stops the running steps' processes and the containers; the sandbox stays to be destroyed. */
  cancel(): Promise<void>;
  /** Removes every container and the network; safe to call twice. */
  destroy(): Promise<void>;
}
