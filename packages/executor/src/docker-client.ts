import Docker from "dockerode";

/**
 * The one Docker client of a process, for the engine named by a DOCKER_HOST value
 * (`unix:///path` or `tcp://host:port`); the local socket when none is given.
 */
export function createDockerClient(dockerHost?: string): Docker {
  if (!dockerHost) return new Docker({ socketPath: "/var/run/docker.sock" });
  const url = new URL(dockerHost);
  if (url.protocol === "unix:") return new Docker({ socketPath: url.pathname });
  if (url.protocol === "tcp:" || url.protocol === "http:" || url.protocol === "https:") {
    return new Docker({
      host: url.hostname,
      port: Number(url.port || (url.protocol === "https:" ? 2376 : 2375)),
      protocol: url.protocol === "https:" ? "https" : "http",
    });
  }
  throw new Error(`DOCKER_HOST ${dockerHost}: use unix:///path/to/docker.sock or tcp://host:port`);
}

/** "ok", or a short reason why the engine cannot be used. */
export async function checkDocker(docker: Docker): Promise<string> {
  try {
    await docker.ping();
    return "ok";
  } catch (error) {
    return `unreachable: ${error instanceof Error ? error.message : String(error)}`;
  }
}
