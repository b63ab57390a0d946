import { describe, expect, it } from "vitest";
import {
  ArtifactPathError,
  artifactRequestPath,
  parseArtifactRequestPath,
} from "./request-path.ts";

function status(target: string): number | "ok" {
  try {
    parseArtifactRequestPath(target);
    return "ok";
  } catch (error) {
    if (error instanceof ArtifactPathError) return error.status;
    throw error;
  }
}

describe("artifact request paths", () => {
  it("reads job number, node, path and folder-ness, decoding each segment", () => {
    expect(parseArtifactRequestPath("/12/coverage/my%20report.html?x=1")).toEqual({
      jobNumber: 12,
      nodeIndex: 0,
      path: "coverage/my report.html",
      directory: false,
    });
    expect(parseArtifactRequestPath("/~abc.def/7.2/coverage/")).toEqual({
      token: "abc.def",
      jobNumber: 7,
      nodeIndex: 2,
      path: "coverage",
      directory: true,
    });
    expect(parseArtifactRequestPath("/7")).toMatchObject({ path: "", directory: false });
  });

  it("answers 400 for traversal, encoded slashes, bad escapes and huge paths", () => {
    for (const target of [
      "/1/../etc/passwd",
      "/1/a/%2e%2e/b",
      "/1/./a",
      "/1/a%2Fb",
      "/1/a%5cb",
      "/1/a\\b",
      "/1/a%00",
      "/1/a//b",
      "/1/%E0%A4%A",
      `/1/${"a".repeat(300)}`,
      `/1/${"a/".repeat(2100)}`,
      "relative",
    ]) {
      expect(status(target), target).toBe(400);
    }
  });

  it("answers 404 for paths that name no job", () => {
    for (const target of ["/", "/abc/x", "/0/x", "/01/x", "/1.x/x", "/~tok", "/1234567890/x"]) {
      expect(status(target), target).toBe(404);
    }
  });

  it("writes the paths it reads", () => {
    const path = artifactRequestPath(3, 1, "a b/#1?.html", "tok.sig");
    expect(path).toBe("/~tok.sig/3.1/a%20b/%231%3F.html");
    expect(parseArtifactRequestPath(path)).toEqual({
      token: "tok.sig",
      jobNumber: 3,
      nodeIndex: 1,
      path: "a b/#1?.html",
      directory: false,
    });
  });
});
