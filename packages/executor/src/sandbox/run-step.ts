import type { Duplex } from "node:stream";
import type Docker from "dockerode";
import { execExitCode, killProcessGroup, readOomKillCount } from "./container-exec.ts";
import { formatGoDuration } from "./duration.ts";
import { toDockerEnv } from "./environment.ts";
import { type OutputHandler, pumpAttachStream } from "./exec-stream.ts";
import { RUN_STEP_PATH } from "./in-container-files.ts";
import type { RunStepSpec, StepResult } from "./job-sandbox.ts";

const DEFAULT_NO_OUTPUT_TIMEOUT_MS = 10 * 60_000;
/** After a kill, how long the output stream may stay open (a child holding it) before we stop reading. */
const STREAM_GRACE_MS = 2000;
const EXIT_SIGKILL = 137;

export interface StepRunContext {
  container: Docker.Container;
  step: RunStepSpec;
  index: number;
  workingDirectory: string;
  onOutput: OutputHandler;
  /** Resolves when a consumer that returned false from onOutput can take more. */
  drained?: () => Promise<void>;
  isCancelled: () => boolean;
  memoryBytes: number;
  oomKillsBefore: () => number;
  recordOomKills: (count: number) => void;
}

/**
 * One `run` step as a `docker exec` of the step wrapper: output streamed in arrival order,
 * killed (its whole process group) after `noOutputTimeoutMs` of silence, and its end
 * explained when the exit code alone does not say why (timeout, out of memory).
 */
export async function runStepInContainer(ctx: StepRunContext): Promise<StepResult> {
  const started = performance.now();
  const { container, step } = ctx;
  const pidfile = `/tmp/.cairn-step-${ctx.index}.pid`;
  const exec = await container.exec({
    Cmd: ["/bin/sh", RUN_STEP_PATH, pidfile, ctx.workingDirectory, step.shell, step.command],
    Env: toDockerEnv(step.environment ?? {}),
    AttachStdout: true,
    AttachStderr: true,
    AttachStdin: false,
    Tty: false,
  });
  const stream = (await exec.start({ hijack: true, stdin: false })) as Duplex;

  let timedOut = false;
  const timeoutMs =
    step.noOutputTimeoutMs > 0 ? step.noOutputTimeoutMs : DEFAULT_NO_OUTPUT_TIMEOUT_MS;
  const timer = step.background
    ? undefined
    : setTimeout(() => {
        timedOut = true;
        void stopAfterKill(container, pidfile, stream);
      }, timeoutMs);
  const { drained } = ctx;
  const ended = pumpAttachStream(
    stream,
    (chunk, kind) => {
      timer?.refresh();
      return ctx.onOutput(chunk, kind);
    },
    // Time spent waiting for the consumer is not the step's silence.
    drained &&
      (async () => {
        timer?.refresh();
        await drained();
        timer?.refresh();
      }),
  );
  await ended;
  if (timer) clearTimeout(timer);

  const result: StepResult = {
    exitCode: await execExitCode(exec),
    halted: false,
    timedOut,
    oomKilled: false,
    cancelled: ctx.isCancelled(),
    background: step.background,
    durationMs: 0,
  };
  if (result.cancelled) {
    result.exitCode = null;
  } else if (timedOut) {
    result.message = `Too long with no output (exceeded ${formatGoDuration(timeoutMs)})`;
  } else if (result.exitCode !== 0 && (await ranOutOfMemory(ctx, result.exitCode))) {
    result.oomKilled = true;
    result.message =
      `out of memory: a process of this step was killed because the job exceeded its ` +
      `memory limit (${Math.round(ctx.memoryBytes / 1024 ** 2)} MiB)`;
  }
  if (result.message) ctx.onOutput(Buffer.from(`\n${result.message}\n`), "stderr");
  result.durationMs = Math.round(performance.now() - started);
  return result;
}

async function stopAfterKill(container: Docker.Container, pidfile: string, stream: Duplex) {
  const grace = setTimeout(() => stream.destroy(), STREAM_GRACE_MS);
  stream.once("close", () => clearTimeout(grace));
  await killProcessGroup(container, pidfile).catch(() => stream.destroy());
}

/** The kernel's OOM killer acted during this step (counted in the container's cgroup). */
async function ranOutOfMemory(ctx: StepRunContext, exitCode: number | null): Promise<boolean> {
  const count = await readOomKillCount(ctx.container);
  if (count !== null) {
    const before = ctx.oomKillsBefore();
    ctx.recordOomKills(count);
    return count > before;
  }
  if (exitCode !== EXIT_SIGKILL) return false;
  const info = await ctx.container.inspect().catch(() => undefined);
  return info?.State.OOMKilled === true;
}
