import { describe, expect, it } from "vitest";
import {
  archiveNameFromAbsolute,
  entryAbsolutePath,
  isWithin,
  resolveContainerPath,
} from "./paths.ts";

const places = { home: "/home/circleci", workingDirectory: "~/project" };

describe("resolveContainerPath", () => {
  it("expands ~ and resolves relative paths against the working directory", () => {
    expect(resolveContainerPath("~", places)).toBe("/home/circleci");
    expect(resolveContainerPath("~/.npm", places)).toBe("/home/circleci/.npm");
    expect(resolveContainerPath("node_modules", places)).toBe(
      "/home/circleci/project/node_modules",
    );
    expect(resolveContainerPath("./dist/", places)).toBe("/home/circleci/project/dist");
    expect(resolveContainerPath("../x", places)).toBe("/home/circleci/x");
    expect(resolveContainerPath("/tmp//out/", places)).toBe("/tmp/out");
  });

  it("refuses empty paths and a relative working directory", () => {
    expect(() => resolveContainerPath("", places)).toThrow(/path is required/);
    expect(() => resolveContainerPath("a", { home: "/root", workingDirectory: "project" })).toThrow(
      /working directory must be absolute/,
    );
  });
});

describe("archive names", () => {
  it("maps Docker's entry names back to absolute paths", () => {
    expect(entryAbsolutePath("/root/project/dist", "dist/a.js")).toBe("/root/project/dist/a.js");
    expect(entryAbsolutePath("/root/project/dist", "dist/")).toBe("/root/project/dist");
    expect(archiveNameFromAbsolute("/root/project/dist/a.js")).toBe("root/project/dist/a.js");
  });

  it("knows what lies inside a directory", () => {
    expect(isWithin("/root/project", "/root/project/a")).toBe(true);
    expect(isWithin("/root/project", "/root/project")).toBe(true);
    expect(isWithin("/root/project", "/root/projects")).toBe(false);
    expect(isWithin("/root/project", "/root")).toBe(false);
  });
});
