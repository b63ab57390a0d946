import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chainOrbResolvers, inMemoryOrbResolver } from "./chain.ts";
import { createCachingRegistryResolver, createDirectoryOrbResolver } from "./file-resolver.ts";
import { parseOrbReference, pickOrbVersion } from "./reference.ts";

describe("orb references", () => {
  it("parses ns/name@version", () => {
    expect(parseOrbReference("circleci/node@5.0.1")).toEqual({
      namespace: "circleci",
      name: "node",
      version: "5.0.1",
    });
    expect(parseOrbReference("circleci/node@dev:alpha")?.version).toBe("dev:alpha");
    expect(parseOrbReference("node@5")).toBeUndefined();
    expect(parseOrbReference("circleci/node")).toBeUndefined();
  });

  it("picks exact versions, major and minor pins, and volatile", () => {
    const available = ["4.9.0", "5.0.1", "5.2.0", "5.10.3", "6.0.0", "dev:alpha"];
    expect(pickOrbVersion("5.0.1", available)).toBe("5.0.1");
    expect(pickOrbVersion("5", available)).toBe("5.10.3");
    expect(pickOrbVersion("5.2", available)).toBe("5.2.0");
    expect(pickOrbVersion("volatile", available)).toBe("6.0.0");
    expect(pickOrbVersion("dev:alpha", available)).toBe("dev:alpha");
    expect(pickOrbVersion("7", available)).toBeUndefined();
    expect(pickOrbVersion("5.0.2", available)).toBeUndefined();
  });
});

describe("directory and registry resolvers", () => {
  it("reads <dir>/<ns>/<name>@<version>.yml and resolves major-only pins", () => {
    const dir = mkdtempSync(join(tmpdir(), "cairn-orbs-"));
    mkdirSync(join(dir, "circleci"));
    writeFileSync(join(dir, "circleci", "node@5.0.1.yml"), "version: 2.1\n");
    writeFileSync(join(dir, "circleci", "node@5.1.0.yaml"), "version: 2.1 # newer\n");
    const resolver = createDirectoryOrbResolver(dir, "repo orbs");
    expect(resolver.resolve({ namespace: "circleci", name: "node", version: "5" })).toMatchObject({
      version: "5.1.0",
      source: "version: 2.1 # newer\n",
      file: join(dir, "circleci", "node@5.1.0.yaml"),
    });
    expect(resolver.resolve({ namespace: "circleci", name: "node", version: "6" })).toBeUndefined();
    expect(resolver.resolve({ namespace: "other", name: "node", version: "5" })).toBeUndefined();
    const chained = chainOrbResolvers(inMemoryOrbResolver({}, "memory"), resolver);
    expect(chained.resolve({ namespace: "circleci", name: "node", version: "5.0.1" })?.source).toBe(
      "version: 2.1\n",
    );
    expect(chained.describe()).toEqual(["memory", "repo orbs"]);
  });

  it("caches what the registry returns, and treats an unreachable registry as not found", async () => {
    const cache = mkdtempSync(join(tmpdir(), "cairn-orb-cache-"));
    const registry = createCachingRegistryResolver(
      {
        fetchOrb: async (ref) =>
          ref.name === "down"
            ? Promise.reject(new Error("ECONNREFUSED"))
            : { source: "version: 2.1\n", file: "registry", version: "2.3.4" },
      },
      cache,
    );
    expect(
      await registry.resolve({ namespace: "circleci", name: "go", version: "2" }),
    ).toMatchObject({ version: "2.3.4" });
    expect(
      createDirectoryOrbResolver(cache).resolve({
        namespace: "circleci",
        name: "go",
        version: "2.3.4",
      })?.source,
    ).toBe("version: 2.1\n");
    expect(
      await registry.resolve({ namespace: "circleci", name: "down", version: "1" }),
    ).toBeUndefined();
  });
});
