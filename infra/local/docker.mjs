// Makes sure a Docker engine answers: the one in DOCKER_HOST, a running local one, or a
// dockerd that the launcher starts (installing docker.io on Debian/Ubuntu as root).
import { spawn } from "node:child_process";
import { mkdirSync, openSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { fail, installOsPackages, sleep, step, waitFor, which } from "./shell.mjs";

const DEFAULT_SOCKET = "/var/run/docker.sock";

/** How to reach the engine named by a DOCKER_HOST value (unix:// or tcp://). */
export function dockerEndpoint(dockerHost) {
  if (!dockerHost) return { socketPath: DEFAULT_SOCKET };
  const url = new URL(dockerHost);
  if (url.protocol === "unix:") return { socketPath: url.pathname };
  if (url.protocol === "tcp:" || url.protocol === "http:") {
    return { host: url.hostname, port: Number(url.port || 2375) };
  }
  fail(`DOCKER_HOST=${dockerHost}: only unix:// and tcp:// engines are supported.`);
}

/** GET /_ping on the engine; true when it answers OK. */
export function pingDocker(endpoint) {
  return new Promise((resolve) => {
    const req = request({ ...endpoint, path: "/_ping", method: "GET", timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

export async function ensureDocker(configuredHost, logDir) {
  const endpoint = dockerEndpoint(configuredHost);
  const where = endpoint.socketPath ?? `${endpoint.host}:${endpoint.port}`;
  if (await pingDocker(endpoint)) {
    step(`Docker: using the engine at ${where}`);
    return { stop: async () => {} };
  }
  if (configuredHost) fail(`the Docker engine at ${where} (DOCKER_HOST) does not answer.`);

  if (!which("dockerd")) await installOsPackages(["docker.io"], "the Docker engine");
  step("Docker: starting dockerd");
  mkdirSync(logDir, { recursive: true });
  const logFd = openSync(join(logDir, "dockerd.log"), "a");
  const dockerd = spawn("dockerd", [], { detached: true, stdio: ["ignore", logFd, logFd] });
  let exited = false;
  dockerd.on("exit", () => {
    exited = true;
  });
  const up = await waitFor(async () => exited || (await pingDocker(endpoint)), 60_000, 300);
  if (!up || exited) fail(`dockerd did not start; see ${join(logDir, "dockerd.log")}.`);

  return {
    stop: async () => {
      if (exited) return;
      dockerd.kill("SIGTERM");
      for (let waited = 0; waited < 20_000 && !exited; waited += 200) await sleep(200);
      if (!exited) dockerd.kill("SIGKILL");
    },
  };
}
