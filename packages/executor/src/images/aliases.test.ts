import { describe, expect, it } from "vitest";
import aliasesJson from "../../../../infra/images/aliases.json";
import {
  DEFAULT_IMAGE_ALIASES_URL,
  globToRegExp,
  matchImageAlias,
  normalizeImageRef,
  parseImageAliases,
  resolveImageAlias,
} from "./aliases.ts";

describe("normalizeImageRef", () => {
  it.each([
    ["node", "node:latest"],
    ["node:20", "node:20"],
    ["library/node:20", "node:20"],
    ["docker.io/library/node:20.1-bullseye", "node:20.1-bullseye"],
    ["index.docker.io/cimg/node:20.1", "cimg/node:20.1"],
    ["cimg/node:20.1@sha256:0123abcd", "cimg/node:20.1"],
    ["node@sha256:0123abcd", "node:latest"],
    ["localhost:5000/team/app", "localhost:5000/team/app:latest"],
    ["localhost:5000/team/app:1.2", "localhost:5000/team/app:1.2"],
    ["ghcr.io/library/node:20", "ghcr.io/library/node:20"],
    ["  cimg/base:stable ", "cimg/base:stable"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeImageRef(input)).toBe(expected);
  });
});

describe("globToRegExp", () => {
  it("* stays within a path segment, ** crosses it", () => {
    expect(globToRegExp("cimg/*:*").test("cimg/node:20")).toBe(true);
    expect(globToRegExp("*:*").test("cimg/node:20")).toBe(false);
    expect(globToRegExp("**:*").test("cimg/node:20")).toBe(true);
  });

  it("? is one character; everything else is literal", () => {
    expect(globToRegExp("node:2?").test("node:20")).toBe(true);
    expect(globToRegExp("node:2?").test("node:200")).toBe(false);
    expect(globToRegExp("node:20.1").test("node:20x1")).toBe(false);
    expect(globToRegExp("a+b(c)[d]{e}|^$\\:*").test("a+b(c)[d]{e}|^$\\:x")).toBe(true);
  });

  it("matches the whole reference only", () => {
    expect(globToRegExp("node:*").test("cimg/node:20")).toBe(false);
    expect(globToRegExp("node:*").test("node:20")).toBe(true);
  });
});

describe("resolveImageAlias", () => {
  it("maps the images in aliases.json", () => {
    const cases: Record<string, string | undefined> = {
      "cimg/base:2024.01": "cairn/base:bookworm",
      "cimg/base:stable": "cairn/base:bookworm",
      "cimg/node:20.11.1": "cairn/node:bookworm",
      "cimg/node:lts-browsers": "cairn/node:bookworm",
      "circleci/node:16": "cairn/node:bookworm",
      node: "cairn/node:bookworm",
      "node:18-alpine": "cairn/node:bookworm",
      "docker.io/library/node:20": "cairn/node:bookworm",
      "debian:bookworm-slim": "cairn/base:bookworm",
      "buildpack-deps:bookworm-scm": "cairn/base:bookworm",
      "circleci/buildpack-deps:stretch": "cairn/base:bookworm",
      "cimg/python:3.12": undefined,
      "postgres:16": undefined,
      "ghcr.io/someone/node:20": undefined,
      "mynode:20": undefined,
    };
    for (const [image, expected] of Object.entries(cases)) {
      expect(resolveImageAlias(image, aliasesJson), image).toBe(expected);
    }
  });

  it("reports which pattern matched", () => {
    expect(matchImageAlias("cimg/node:20.11", aliasesJson)).toEqual({
      pattern: "cimg/node:*",
      image: "cairn/node:bookworm",
    });
    expect(matchImageAlias("postgres:16", aliasesJson)).toBeUndefined();
  });

  it("DEFAULT_IMAGE_ALIASES_URL points at the aliases.json in use", async () => {
    const { readFile } = await import("node:fs/promises");
    const json: unknown = JSON.parse(await readFile(DEFAULT_IMAGE_ALIASES_URL, "utf8"));
    expect(json).toEqual(aliasesJson);
  });

  it("takes the first matching pattern, in object order", () => {
    const aliases = { $comment: "docs", "cimg/node:18*": "old", "cimg/node:*": "new" };
    expect(resolveImageAlias("cimg/node:18.20", aliases)).toBe("old");
    expect(resolveImageAlias("cimg/node:20.1", aliases)).toBe("new");
  });

  it("accepts an ordered list", () => {
    const list = parseImageAliases([
      { pattern: "**", image: "catch-all" },
      { pattern: "node:*", image: "never" },
    ]);
    expect(resolveImageAlias("node:20", list)).toBe("catch-all");
  });

  it("ignores $-keys and rejects malformed entries", () => {
    expect(parseImageAliases(aliasesJson).every((a) => !a.pattern.startsWith("$"))).toBe(true);
    expect(parseImageAliases(aliasesJson).length).toBeGreaterThan(3);
    expect(() => parseImageAliases({ "node:*": 3 })).toThrow(/node:\*/);
    expect(() => parseImageAliases({ "node:*": "" })).toThrow(TypeError);
    expect(() => parseImageAliases("node")).toThrow(TypeError);
    expect(() => parseImageAliases([{ pattern: "x" }])).toThrow(/#0/);
  });

  it("every alias in aliases.json names a cairn image that build.sh makes", () => {
    for (const { image } of parseImageAliases(aliasesJson)) {
      expect(["cairn/base:bookworm", "cairn/node:bookworm"]).toContain(image);
    }
  });
});
