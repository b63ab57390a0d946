import { spawn } from "node:child_process";
import { VcsError } from "../errors.ts";
import { gitEnvironment } from "./env.ts";
import { gitFailure } from "./git-failure.ts";

export interface RunGitOptions {
  /** What is being done, for error messages ("Fetching the repository"). */
  action: string;
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs: number;
  /** Larger output fails instead of filling memory. */
  maxOutputBytes?: number;
}

export interface GitResult {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
}

const DEFAULT_MAX_OUTPUT = 16 * 1024 * 1024;

/** Runs git and returns its output whatever the exit code; throws only on timeout or overflow. */
export function runGitRaw(args: string[], options: RunGitOptions): Promise<GitResult> {
  const maxOutput = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout also ends the ssh (and helpers) git started.
    const child = spawn("git", args, {
      cwd: options.cwd,
      // A plain map: frameworks that type ProcessEnv more strictly (NODE_ENV) accept it too.
      env: gitEnvironment(options.env) as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = "";
    let failure: VcsError | undefined;

    const stop = (error: VcsError) => {
      failure ??= error;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(
      () =>
        stop(
          new VcsError(
            "timeout",
            `${options.action} did not finish within ${Math.round(options.timeoutMs / 1000)} s.`,
          ),
        ),
      options.timeoutMs,
    );

    child.stdout.on("data", (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxOutput) {
        stop(
          new VcsError("git_failed", `${options.action}: output larger than ${maxOutput} bytes.`),
        );
        return;
      }
      stdout.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      // Only the end is shown in errors; keep memory bounded.
      stderr = (stderr + chunk.toString("utf8")).slice(-8192);
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(
        new VcsError("git_failed", `${options.action}: could not run git (${error.message}).`),
      );
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (failure) reject(failure);
      else resolve({ exitCode: code ?? -1, stdout: Buffer.concat(stdout), stderr });
    });
  });
}

/** Runs git and throws a VcsError explaining the failure when it exits non-zero. */
export async function runGit(args: string[], options: RunGitOptions): Promise<Buffer> {
  const result = await runGitRaw(args, options);
  if (result.exitCode !== 0) throw gitFailure(options.action, result.stderr);
  return result.stdout;
}
