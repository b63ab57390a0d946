import { describe, expect, it } from "vitest";
import { assertValidKey, assertValidPrefix, InvalidBlobKeyError } from "./keys.ts";

describe("blob keys", () => {
  it.each(["a", "logs/123.log.gz", "artifacts/job/dir/file name.txt", ".hidden/x", "a/..b/c"])(
    "accepts %j",
    (key) => {
      expect(() => assertValidKey(key)).not.toThrow();
    },
  );

  it.each([
    ["", /is empty/],
    ["/etc/passwd", /absolute path/],
    ["../escape", /"\.\." path segment/],
    ["a/../../b", /"\.\." path segment/],
    ["a/./b", /"\." path segment/],
    ["a//b", /empty path segment/],
    ["a/", /empty path segment/],
    ["a\\b", /backslash/],
    ["..\\x", /backslash/],
    ["a\0b", /NUL/],
  ])("rejects %j", (key, reason) => {
    expect(() => assertValidKey(key)).toThrow(InvalidBlobKeyError);
    expect(() => assertValidKey(key)).toThrow(reason);
  });

  it("accepts prefixes that are empty or end with a slash", () => {
    for (const prefix of ["", "logs/", "logs/12", "a/b/"]) {
      expect(() => assertValidPrefix(prefix)).not.toThrow();
    }
  });

  it("rejects prefixes that could leave the root", () => {
    for (const prefix of ["/", "../", "a//", "a/../", "a\\", "\0"]) {
      expect(() => assertValidPrefix(prefix)).toThrow(InvalidBlobKeyError);
    }
  });
});
