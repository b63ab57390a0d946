import { describe, expect, it } from "vitest";
import {
  artifactPath,
  artifactPrefix,
  artifactStorageKey,
  artifactUrlPath,
} from "./artifact-paths.ts";

describe("artifact paths", () => {
  it("uses the destination, else the path as written, without leading / ~ . or ..", () => {
    expect(artifactPrefix("coverage", "reports/coverage")).toBe("reports/coverage");
    expect(artifactPrefix("/tmp/artifacts")).toBe("tmp/artifacts");
    expect(artifactPrefix("~/project/out")).toBe("project/out");
    expect(artifactPrefix("x", "../../etc/./passwd")).toBe("etc/passwd");
    expect(artifactPrefix("x", "/")).toBe("");
  });

  it("joins a file's relative path and refuses an empty one", () => {
    expect(artifactPath("reports", "index.html")).toBe("reports/index.html");
    expect(artifactPath("", "log.txt")).toBe("log.txt");
    expect(artifactPath("single.txt", "")).toBe("single.txt");
    expect(() => artifactPath("", "")).toThrow(/needs a file name/);
  });

  it("names the storage key and an encoded URL path", () => {
    expect(artifactStorageKey("job-1", "a/b.txt")).toBe("artifacts/job-1/a/b.txt");
    expect(artifactUrlPath("job-1", "my report/#1?.html")).toBe("/job-1/my%20report/%231%3F.html");
  });
});
