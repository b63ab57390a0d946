import { randomUUID } from "node:crypto";
import type { DockerImage, RunStep } from "@cairn/config";
import type Docker from "dockerode";
import { DockerJobSandbox } from "../sandbox/docker-job-sandbox.ts";
import type {
  OutputStream,
  RunStepSpec,
  SandboxOptions,
  StepResult,
} from "../sandbox/job-sandbox.ts";

/** Test objects carry this label so a test run can find (and remove) what it made. */
export const TEST_LABELS = { "cairn.test": "1" };
export const BASE_IMAGE = "cairn/base:bookworm";
export const NODE_IMAGE = "cairn/node:bookworm";

export function image(name: string, extra: Partial<DockerImage> = {}): DockerImage {
  return { image: name, environment: {}, ...extra };
}

export function runStep(command: string, extra: Partial<RunStep> = {}): RunStepSpec {
  return {
    command,
    shell: "/bin/bash -eo pipefail",
    environment: {},
    background: false,
    noOutputTimeoutMs: 60_000,
    ...extra,
  };
}

export async function createTestSandbox(
  docker: Docker,
  options: Partial<SandboxOptions> & { images?: DockerImage[] } = {},
): Promise<DockerJobSandbox> {
  const { images = [image(BASE_IMAGE)], ...rest } = options;
  return DockerJobSandbox.create(docker, {
    jobId: `test-${randomUUID()}`,
    workerId: "test-worker",
    executor: { kind: "docker", images, resourceClass: "small" },
    resources: { cpus: 1, memoryBytes: 512 * 1024 ** 2, pidsLimit: 512 },
    labels: TEST_LABELS,
    ...rest,
  });
}

/** Runs a step and collects its output as one string (and the raw chunks). */
export async function runCollect(
  sandbox: DockerJobSandbox,
  step: RunStepSpec,
): Promise<StepResult & { output: string; chunks: [OutputStream, Buffer][] }> {
  const chunks: [OutputStream, Buffer][] = [];
  const result = await sandbox.runStep(step, {
    onOutput: (chunk, stream) => chunks.push([stream, Buffer.from(chunk)]),
  });
  const output = Buffer.concat(chunks.map(([, c]) => c)).toString("utf8");
  return { ...result, output, chunks };
}

/** Removes every container and network carrying the test label. */
export async function removeTestObjects(docker: Docker): Promise<void> {
  const filters = { label: ["cairn.test=1"] };
  for (const c of await docker.listContainers({ all: true, filters })) {
    await docker
      .getContainer(c.Id)
      .remove({ force: true, v: true })
      .catch(() => {});
  }
  for (const n of await docker.listNetworks({ filters })) {
    await docker
      .getNetwork(n.Id)
      .remove()
      .catch(() => {});
  }
}
