import { describe, expect, it } from "vitest";
import { selectPaths } from "./path-selection.ts";

describe("selectPaths", () => {
  it("takes a directory with everything inside it", () => {
    const selection = selectPaths(["dist"]);
    expect(selection.bases).toEqual(["dist"]);
    expect(selection.literalBases.has("dist")).toBe(true);
    expect(selection.includes("dist")).toBe(true);
    expect(selection.includes("dist/deep/a.js")).toBe(true);
    expect(selection.includes("distribution/a.js")).toBe(false);
    expect(selection.includes("src/a.js")).toBe(false);
  });

  it("matches globs, including dotfiles as Go's filepath.Match does", () => {
    const selection = selectPaths(["bin/*.sh", "**/*.xml", "*"]);
    expect(selection.bases).toEqual([""]);
    expect(selection.literalBases.size).toBe(0);
    const narrow = selectPaths(["bin/*.sh"]);
    expect(narrow.bases).toEqual(["bin"]);
    expect(narrow.includes("bin/run.sh")).toBe(true);
    expect(narrow.includes("bin/run.py")).toBe(false);
    expect(narrow.includes("bin/.hidden.sh")).toBe(true);
    expect(selectPaths(["**/*.xml"]).includes("a/b/c.xml")).toBe(true);
  });

  it("treats . and ./ as the whole root and drops bases inside other bases", () => {
    expect(selectPaths(["."]).includes("anything/at/all")).toBe(true);
    expect(selectPaths(["./"]).bases).toEqual([""]);
    expect(selectPaths(["a/b", "a", "a/c/*.js", "d"]).bases).toEqual(["a", "d"]);
  });

  it("refuses absolute paths, paths leaving root and empty lists", () => {
    expect(() => selectPaths(["/etc"])).toThrow(/relative to root/);
    expect(() => selectPaths(["../x"])).toThrow(/leaves root/);
    expect(() => selectPaths(["a/../../x"])).toThrow(/leaves root/);
    expect(() => selectPaths([])).toThrow(/at least one path/);
    expect(() => selectPaths([""])).toThrow(/non-empty/);
  });
});
