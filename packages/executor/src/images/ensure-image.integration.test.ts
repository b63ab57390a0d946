import { afterAll, describe, expect, it } from "vitest";
import aliasesJson from "../../../../infra/images/aliases.json";
import { createDockerClient } from "../docker-client.ts";
import { ImageUnavailableError } from "../errors.ts";
import { LABEL_JOB } from "../sandbox/labels.ts";
import {
  BASE_IMAGE,
  createTestSandbox,
  image,
  removeTestObjects,
  runCollect,
  runStep,
} from "../testing/sandbox-fixtures.ts";
import { ensureImage } from "./ensure-image.ts";

const docker = createDockerClient(process.env.DOCKER_HOST);

afterAll(() => removeTestObjects(docker));

describe("ensureImage", () => {
  it("uses a local image as it is", async () => {
    expect(await ensureImage(docker, BASE_IMAGE)).toEqual({
      requested: BASE_IMAGE,
      image: BASE_IMAGE,
      source: "local",
    });
  });

  it("falls back to an alias when the image can be neither found nor pulled, and says so", async () => {
    const lines: string[] = [];
    const resolved = await ensureImage(docker, "cimg/node:20.11", {
      aliases: aliasesJson,
      pullTimeoutMs: 20_000,
      onLog: (line) => lines.push(line),
    });
    expect(resolved).toEqual({
      requested: "cimg/node:20.11",
      image: "cairn/node:bookworm",
      source: "alias",
    });
    expect(lines).toEqual([
      "image cimg/node:20.11 is not available here; using local image cairn/node:bookworm (alias cimg/node:*)",
    ]);
  });

  it("fails clearly, naming the image and how to provide it", async () => {
    const error = await ensureImage(docker, "postgres:16.3", {
      aliases: aliasesJson,
      pullTimeoutMs: 20_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageUnavailableError);
    expect((error as Error).message).toMatch(
      /^image postgres:16\.3 is not available here: .*pulling it failed \(.+\).*docker pull postgres:16\.3/,
    );
  });
});

describe("DockerJobSandbox images", () => {
  it("runs a job whose image is an alias", async () => {
    const lines: string[] = [];
    const sandbox = await createTestSandbox(docker, {
      images: [image("cimg/base:2024.01")],
      aliases: aliasesJson,
      onLog: (line) => lines.push(line),
    });
    try {
      expect(lines[0]).toContain("using local image cairn/base:bookworm (alias cimg/base:*)");
      expect((await runCollect(sandbox, runStep("cat /etc/debian_version"))).output).toMatch(
        /^12\./,
      );
    } finally {
      await sandbox.destroy();
    }
  });

  it("creates nothing when a service image is missing", async () => {
    const jobId = `missing-${Date.now()}`;
    const error = await createTestSandbox(docker, {
      jobId,
      images: [image(BASE_IMAGE), image("example.invalid/nothing:1")],
      aliases: aliasesJson,
      pullTimeoutMs: 20_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageUnavailableError);
    expect((error as Error).message).toContain("example.invalid/nothing:1");
    const filters = { label: [`${LABEL_JOB}=${jobId}`] };
    expect(await docker.listContainers({ all: true, filters })).toHaveLength(0);
    expect(await docker.listNetworks({ filters })).toHaveLength(0);
  });
});
