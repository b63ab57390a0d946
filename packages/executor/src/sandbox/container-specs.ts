import type { DockerImage } from "@cairn/config";
import type Docker from "dockerode";
import { SandboxError } from "../errors.ts";
import type { ResourceLimits } from "../resources/resource-class.ts";
import { sandboxHostConfig } from "./container-security.ts";
import { toDockerEnv } from "./environment.ts";
import { LABEL_ROLE } from "./labels.ts";

const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})*$/;

/** The keep-alive of a primary container: steps are `docker exec`s into it. */
const KEEP_ALIVE = ["sleep", "2147483647"];

/**
 * The primary container: steps run in it. Its image's ENTRYPOINT/CMD are ignored (as on
 * CircleCI) in favour of a keep-alive, unless the config sets `entrypoint`/`command`.
 * Service names resolve to 127.0.0.1 here, since the services share its network namespace.
 */
export function primaryContainerSpec(input: {
  name: string;
  image: string;
  config: DockerImage;
  env: Record<string, string>;
  serviceNames: string[];
  networkName: string;
  resources: ResourceLimits;
  labels: Record<string, string>;
}): Docker.ContainerCreateOptions {
  const { entrypoint, command } = input.config;
  const entry =
    entrypoint || command
      ? // [""] tells Docker to drop the image's ENTRYPOINT (an empty list would keep it).
        { Entrypoint: entrypoint ?? [""], Cmd: command ?? [] }
      : { Entrypoint: KEEP_ALIVE, Cmd: [] };
  return {
    name: input.name,
    Image: input.image,
    ...entry,
    Env: toDockerEnv(input.env),
    User: input.config.user,
    Labels: { ...input.labels, [LABEL_ROLE]: "primary" },
    HostConfig: {
      ...sandboxHostConfig(input.resources),
      NetworkMode: input.networkName,
      ExtraHosts: input.serviceNames.map((name) => `${name}:127.0.0.1`),
      // An init process reaps the orphans that steps leave behind (they would count
      // against the pids limit as zombies) and makes the keep-alive stop at once.
      Init: true,
    },
  };
}

/**
 * A service container: joins the primary's network namespace (so it answers on
 * `localhost`), keeps its image's ENTRYPOINT/CMD unless the config overrides them, and
 * gets only its own `environment` (project and context secrets are not given to services).
 */
export function serviceContainerSpec(input: {
  name: string;
  image: string;
  config: DockerImage;
  primaryId: string;
  resources: ResourceLimits;
  labels: Record<string, string>;
}): Docker.ContainerCreateOptions {
  return {
    name: input.name,
    Image: input.image,
    // `command` alone is the arguments of the image's ENTRYPOINT (postgres -c fsync=off).
    ...(input.config.entrypoint ? { Entrypoint: input.config.entrypoint } : {}),
    ...(input.config.command ? { Cmd: input.config.command } : {}),
    Env: toDockerEnv(input.config.environment),
    User: input.config.user,
    Labels: { ...input.labels, [LABEL_ROLE]: "service" },
    HostConfig: {
      ...sandboxHostConfig(input.resources),
      NetworkMode: `container:${input.primaryId}`,
    },
  };
}

/** The service names the primary can reach; a name that is not a hostname is refused. */
export function serviceHostnames(services: DockerImage[]): string[] {
  const names: string[] = [];
  for (const service of services) {
    if (service.name === undefined) continue;
    if (!HOSTNAME.test(service.name) || service.name.length > 253) {
      throw new SandboxError(
        `service container name ${JSON.stringify(service.name)} is not a valid hostname`,
      );
    }
    names.push(service.name);
  }
  return names;
}
