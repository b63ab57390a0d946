import { describe, expect, it } from "vitest";
import { contentRange, parseRange } from "./range.ts";

describe("byte ranges", () => {
  it("reads a single range in its three forms, clamping the end", () => {
    expect(parseRange("bytes=0-3", 10)).toEqual({ kind: "partial", start: 0, end: 3 });
    expect(parseRange("bytes=4-", 10)).toEqual({ kind: "partial", start: 4, end: 9 });
    expect(parseRange("bytes=-3", 10)).toEqual({ kind: "partial", start: 7, end: 9 });
    expect(parseRange("bytes=-30", 10)).toEqual({ kind: "partial", start: 0, end: 9 });
    expect(parseRange("bytes=5-100", 10)).toEqual({ kind: "partial", start: 5, end: 9 });
  });

  it("serves the whole body for no, malformed or multiple ranges", () => {
    for (const header of [
      undefined,
      "bytes=",
      "items=0-1",
      "bytes=0-1,3-4",
      "bytes=5-2",
      "bytes=a-",
    ]) {
      expect(parseRange(header, 10)).toEqual({ kind: "whole" });
    }
  });

  it("is unsatisfiable past the end", () => {
    expect(parseRange("bytes=10-", 10)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-0", 10)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
    expect(contentRange({ kind: "unsatisfiable" }, 10)).toBe("bytes */10");
    expect(contentRange({ kind: "partial", start: 2, end: 4 }, 10)).toBe("bytes 2-4/10");
  });
});
