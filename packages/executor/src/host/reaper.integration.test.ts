import { afterAll, describe, expect, it } from "vitest";
import { createDockerClient } from "../docker-client.ts";
import { LABEL_WORKER } from "../sandbox/labels.ts";
import {
  BASE_IMAGE,
  createTestSandbox,
  image,
  removeTestObjects,
} from "../testing/sandbox-fixtures.ts";
import { reapOrphans, removeWorkerObjects } from "./reaper.ts";

const docker = createDockerClient(process.env.DOCKER_HOST);
const suffix = Date.now().toString(36);
const alive = `alive-${suffix}`;
const dead = `dead-${suffix}`;

afterAll(() => removeTestObjects(docker));

const count = async (workerId: string) => {
  const filters = { label: [`${LABEL_WORKER}=${workerId}`] };
  return {
    containers: (await docker.listContainers({ all: true, filters })).length,
    networks: (await docker.listNetworks({ filters })).length,
  };
};

describe("reapOrphans / removeWorkerObjects", () => {
  it("removes the objects of dead workers only", async () => {
    const services = [
      image(BASE_IMAGE),
      image(BASE_IMAGE, { name: "svc", command: ["sleep", "600"] }),
    ];
    const [a, b] = await Promise.all([
      createTestSandbox(docker, { workerId: alive }),
      createTestSandbox(docker, { workerId: dead, images: services }),
    ]);
    expect(await count(dead)).toEqual({ containers: 2, networks: 1 });
    const result = await reapOrphans(docker, {
      isAlive: (worker) => worker !== dead,
    });
    expect(result.workers).toContain(dead);
    expect(result.workers).not.toContain(alive);
    expect(await count(dead)).toEqual({ containers: 0, networks: 0 });
    expect(await count(alive)).toEqual({ containers: 1, networks: 1 });
    await b.destroy(); // already gone: destroy copes
    expect(await removeWorkerObjects(docker, alive)).toEqual({ containers: 1, networks: 1 });
    expect(await count(alive)).toEqual({ containers: 0, networks: 0 });
    await a.destroy();
  });
});
