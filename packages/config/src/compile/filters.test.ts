import { describe, expect, it } from "vitest";
import { branchFilterPasses, filtersPass, patternMatches } from "./filters.ts";

const pipeline = new Map<string, unknown>([["pipeline.git.branch", "main"]]);

describe("branch and tag filters", () => {
  it("matches plain names exactly and /regex/ against the whole name", () => {
    expect(patternMatches("main", "main")).toBe(true);
    expect(patternMatches("main", "main2")).toBe(false);
    expect(patternMatches("/release-.*/", "release-1")).toBe(true);
    expect(patternMatches("/release/", "release-1")).toBe(false);
    expect(patternMatches("/v\\d+/", "v12")).toBe(true);
  });

  it("checks only first, then ignore", () => {
    expect(branchFilterPasses({ only: ["/feat-.*/"], ignore: ["feat-x"] }, "feat-x")).toBe(false);
    expect(branchFilterPasses({ only: ["/feat-.*/"], ignore: ["feat-x"] }, "feat-y")).toBe(true);
    expect(branchFilterPasses({ ignore: ["gh-pages"] }, "main")).toBe(true);
  });

  it("runs nothing for a tag without a tag filter, and ignores branch filters for tags", () => {
    expect(filtersPass(undefined, { tag: "v1" }, pipeline)).toBe(false);
    expect(filtersPass({ branches: { only: ["main"] } }, { tag: "v1" }, pipeline)).toBe(false);
    expect(
      filtersPass(
        { tags: { only: ["/v.*/"] }, branches: { ignore: ["/.*/"] } },
        { tag: "v1" },
        pipeline,
      ),
    ).toBe(true);
    expect(
      filtersPass(
        { tags: { only: ["/v.*/"] }, branches: { ignore: ["/.*/"] } },
        { branch: "main" },
        pipeline,
      ),
    ).toBe(false);
    expect(filtersPass({ tags: { only: ["/v.*/"] } }, { branch: "main" }, pipeline)).toBe(true);
  });

  it("evaluates expression filters", () => {
    expect(
      filtersPass({ expression: 'pipeline.git.branch == "main"' }, { branch: "main" }, pipeline),
    ).toBe(true);
    expect(
      filtersPass({ expression: 'pipeline.git.branch != "main"' }, { branch: "main" }, pipeline),
    ).toBe(false);
  });
});
