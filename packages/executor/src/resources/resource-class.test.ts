import { describe, expect, it } from "vitest";
import { hostResourceCap, resourcesForClass } from "./resource-class.ts";

const GiB = 1024 ** 3;

describe("resourcesForClass", () => {
  it.each([
    ["small", 1, 2],
    ["medium", 2, 4],
    ["medium+", 3, 6],
    ["large", 4, 8],
    ["xlarge", 8, 16],
  ])("%s → %d CPUs, %d GB", (name, cpus, gb) => {
    expect(resourcesForClass(name)).toEqual({ cpus, memoryBytes: gb * GiB, pidsLimit: 4096 });
  });

  it("defaults to medium", () => {
    expect(resourcesForClass(undefined).cpus).toBe(2);
    expect(resourcesForClass(" ").memoryBytes).toBe(4 * GiB);
  });

  it("clamps to the administrator's cap", () => {
    const cap = { maxCpus: 2, maxMemoryBytes: 3 * GiB };
    expect(resourcesForClass("large", cap)).toEqual({
      cpus: 2,
      memoryBytes: 3 * GiB,
      pidsLimit: 4096,
    });
    expect(resourcesForClass("small", cap)).toEqual({
      cpus: 1,
      memoryBytes: 2 * GiB,
      pidsLimit: 4096,
    });
  });

  it("takes a pids limit", () => {
    expect(resourcesForClass("small", undefined, 100).pidsLimit).toBe(100);
  });

  it("rejects an unknown class, naming the ones offered", () => {
    expect(() => resourcesForClass("gpu.nvidia.small")).toThrow(
      /resource_class "gpu.nvidia.small" is not available.*small, medium/,
    );
  });
});

describe("hostResourceCap", () => {
  it("keeps a memory reserve for the engine and the worker", () => {
    expect(hostResourceCap({ cpus: 2, memoryBytes: 8 * GiB })).toEqual({
      maxCpus: 2,
      maxMemoryBytes: 8 * GiB - 512 * 1024 ** 2,
    });
  });
});
