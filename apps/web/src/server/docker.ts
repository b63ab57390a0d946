import { createDockerClient } from "@cairn/executor";
import type Docker from "dockerode";
import { webEnv } from "~/env.ts";

let docker: Docker | undefined;

/** The web process's Docker client, used only to report the engine's health. */
export function getDocker(): Docker {
  docker ??= createDockerClient(webEnv().DOCKER_HOST);
  return docker;
}
