// Starts Cairn's three processes (web, artifacts, worker) with prefixed output, waits until
// each answers its health check, and stops them all together.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { get } from "node:http";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { sleep, waitFor } from "./shell.mjs";

const PREFIX_WIDTH = 10;

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = get(url, { timeout: 3000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", () => resolve(0));
    req.on("timeout", () => {
      req.destroy();
      resolve(0);
    });
  });
}

/** Runs a TypeScript entry point under tsx in its own process group. */
function startProcess(root, { name, entry, cwd, env, quiet, logDir }) {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: join(root, cwd),
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const label = `${name.padEnd(PREFIX_WIDTH)}│ `;
  const output = [];
  const logFile = logDir ? createWriteStream(join(logDir, `${name}.log`), { flags: "a" }) : null;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => {
      output.push(line);
      if (output.length > 200) output.shift();
      logFile?.write(`${line}\n`);
      if (!quiet) console.log(label + line);
    });
  }
  // "close", not "exit": output lines can still arrive after the process has exited.
  child.on("close", () => logFile?.end());
  const state = { name, child, exited: false, code: null, output };
  child.on("exit", (code, signal) => {
    state.exited = true;
    state.code = code ?? signal;
  });
  return state;
}

async function stopProcess(state) {
  if (state.exited) return;
  try {
    process.kill(-state.child.pid, "SIGTERM");
  } catch {
    return;
  }
  for (let waited = 0; waited < 10_000 && !state.exited; waited += 100) await sleep(100);
  if (!state.exited) {
    try {
      process.kill(-state.child.pid, "SIGKILL");
    } catch {}
  }
}

/**
 * Starts the stack. `onCrash` is called if a process exits on its own after start-up.
 * Resolves to { stop, urls } once every process is healthy, or throws with the reason.
 * `settings.logDir`, when given, receives each process's output as `<name>.log` (appended).
 */
export async function startStack(root, settings, { quiet = false, onCrash } = {}) {
  const logDir = settings.logDir;
  if (logDir) mkdirSync(logDir, { recursive: true });
  const base = {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: settings.databaseUrl,
    CAIRN_DATA_DIR: settings.dataDir,
    ...(settings.dockerHost ? { DOCKER_HOST: settings.dockerHost } : {}),
  };
  const webUrl = `http://localhost:${settings.webPort}`;
  const artifactsUrl = `http://localhost:${settings.artifactsPort}`;
  const workerHealthUrl = `http://127.0.0.1:${settings.workerHealthPort}/health`;
  const processes = [
    startProcess(root, {
      name: "web",
      entry: "server.ts",
      cwd: "apps/web",
      quiet,
      logDir,
      env: {
        ...base,
        PORT: String(settings.webPort),
        CAIRN_URL: webUrl,
        CAIRN_ARTIFACTS_URL: artifactsUrl,
        AUTH_SECRET: settings.authSecret,
        CAIRN_MASTER_KEY: settings.masterKey,
        // Extra web settings, e.g. the browser suite's stand-in OAuth provider.
        ...settings.webEnv,
      },
    }),
    startProcess(root, {
      name: "artifacts",
      entry: "src/main.ts",
      cwd: "apps/artifacts",
      quiet,
      logDir,
      env: {
        ...base,
        PORT: String(settings.artifactsPort),
        AUTH_SECRET: settings.authSecret,
        CAIRN_ARTIFACTS_URL: artifactsUrl,
      },
    }),
    startProcess(root, {
      name: "worker",
      entry: "src/main.ts",
      cwd: "apps/worker",
      quiet,
      logDir,
      env: {
        ...base,
        CAIRN_WORKER_HEALTH_PORT: String(settings.workerHealthPort),
        CAIRN_MASTER_KEY: settings.masterKey,
        CAIRN_URL: webUrl,
        // The SSH gateway (rerun with SSH); its own default, 2222, otherwise.
        ...(settings.sshPort ? { CAIRN_SSH_PORT: String(settings.sshPort) } : {}),
      },
    }),
  ];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await Promise.all(processes.map(stopProcess));
  };

  const checks = [`${webUrl}/api/health`, `${artifactsUrl}/health`, workerHealthUrl];
  const healthy = await waitFor(
    async () => {
      if (processes.some((p) => p.exited)) return true;
      const statuses = await Promise.all(checks.map(httpStatus));
      return statuses.every((status) => status === 200);
    },
    180_000,
    500,
  );
  const dead = processes.find((p) => p.exited);
  if (!healthy || dead) {
    await stop();
    const culprit = dead ?? processes[0];
    const reason = dead
      ? `${dead.name} exited (${dead.code})`
      : "health checks did not pass in time";
    throw new Error(`${reason}\n${culprit.output.slice(-30).join("\n")}`);
  }

  for (const state of processes) {
    state.child.on("exit", () => {
      if (!stopping) onCrash?.(state);
    });
  }
  return { stop, urls: { web: webUrl, artifacts: artifactsUrl, workerHealth: workerHealthUrl } };
}
