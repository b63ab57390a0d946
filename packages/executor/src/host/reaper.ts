import type Docker from "dockerode";
import { LABEL_WORKER } from "../sandbox/labels.ts";

export interface ReapResult {
  containers: number;
  networks: number;
  /** Workers whose objects were removed. */
  workers: string[];
}

/**
 * Removes the containers and networks of workers that are no longer alive (crashed, or
 * their lease expired): the living workers' jobs are left alone.
 */
export async function reapOrphans(
  docker: Docker,
  { isAlive }: { isAlive: (workerId: string) => boolean | Promise<boolean> },
): Promise<ReapResult> {
  const workers = new Set<string>();
  const [containers, networks] = await Promise.all([
    docker.listContainers({ all: true, filters: { label: [LABEL_WORKER] } }),
    docker.listNetworks({ filters: { label: [LABEL_WORKER] } }),
  ]);
  for (const c of containers) workers.add(c.Labels[LABEL_WORKER] ?? "");
  for (const n of networks) workers.add(n.Labels?.[LABEL_WORKER] ?? "");
  const dead: string[] = [];
  for (const worker of workers) if (!(await isAlive(worker))) dead.push(worker);
  const result: ReapResult = { containers: 0, networks: 0, workers: dead };
  for (const worker of dead) {
    const removed = await removeWorkerObjects(docker, worker);
    result.containers += removed.containers;
    result.networks += removed.networks;
  }
  return result;
}

/** Removes every container and network labelled with `workerId` (a worker at start-up). */
export async function removeWorkerObjects(
  docker: Docker,
  workerId: string,
): Promise<{ containers: number; networks: number }> {
  const label = [`${LABEL_WORKER}=${workerId}`];
  const containers = await docker.listContainers({ all: true, filters: { label } });
  // Services (in a primary's network namespace) before primaries, then the networks.
  containers.sort((a, b) => Number(isPrimary(a)) - Number(isPrimary(b)));
  let removedContainers = 0;
  for (const c of containers) {
    if (await ignoreMissing(docker.getContainer(c.Id).remove({ force: true, v: true }))) {
      removedContainers++;
    }
  }
  const networks = await docker.listNetworks({ filters: { label } });
  let removedNetworks = 0;
  for (const n of networks) {
    if (await ignoreMissing(docker.getNetwork(n.Id).remove())) removedNetworks++;
  }
  return { containers: removedContainers, networks: removedNetworks };
}

function isPrimary(container: Docker.ContainerInfo): boolean {
  return container.Labels["cairn.role"] === "primary";
}

/** True when removed; false when someone else removed it first. */
async function ignoreMissing(removal: Promise<unknown>): Promise<boolean> {
  try {
    await removal;
    return true;
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 404 || status === 409) return false;
    throw error;
  }
}
