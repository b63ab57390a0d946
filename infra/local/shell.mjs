// Small process helpers for the local launcher. Plain JavaScript with no dependencies:
// this code runs before `npm install` has put anything in node_modules.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

export const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

/** Absolute path of an executable on PATH (plus the sbin folders), or undefined. */
export function which(command) {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/sbin"];
  for (const dir of dirs) {
    const candidate = join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Runs a command to completion, returning its output; never throws. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", ...options });
  return {
    ok: result.status === 0,
    status: result.status,
    stdout: result.stdout ?? "",
    stderr: result.stderr ?? (result.error ? String(result.error.message) : ""),
  };
}

/** Runs a command with its output shown, resolving to its exit code. */
export function runVisible(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", ...options });
    child.on("error", (error) => {
      console.error(`cannot run ${command}: ${error.message}`);
      resolve(127);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Runs a command that must succeed; on failure prints `what` and exits. */
export async function mustRun(what, command, args, options = {}) {
  const code = await runVisible(command, args, options);
  if (code !== 0) fail(`${what} failed (exit ${code}).`);
}

/** A set-up problem the person can fix: shown as one clear message, never a stack trace. */
export class SetupError extends Error {}

export function fail(message) {
  throw new SetupError(message);
}

export function step(message) {
  console.log(`• ${message}`);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function waitFor(check, timeoutMs, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(intervalMs);
  }
  return false;
}

/** True on Debian or Ubuntu, where the launcher may install OS packages itself. */
export function isDebianLike() {
  return existsSync("/etc/debian_version") && which("apt-get") !== undefined;
}

let aptUpdated = false;

/** Installs Debian packages when allowed, otherwise explains what to install and exits. */
export async function installOsPackages(packages, purpose) {
  if (!isDebianLike() || !isRoot) {
    fail(
      `${purpose} is needed but not installed.\n` +
        `  Install it with your system's package manager (on Debian/Ubuntu: sudo apt-get install ${packages.join(" ")}),\n` +
        "  or point Cairn at an existing one (see README, Configuration).",
    );
  }
  step(`installing ${packages.join(", ")} from the OS packages (${purpose})`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (!aptUpdated) {
    await mustRun("apt-get update", "apt-get", ["update", "-qq"], { env });
    aptUpdated = true;
  }
  await mustRun(
    `installing ${packages.join(" ")}`,
    "apt-get",
    ["install", "-y", "-qq", "--no-install-recommends", ...packages],
    { env },
  );
}
