import { describe, expect, it } from "vitest";
import { sourceExcerpt } from "./config-error-excerpts.ts";

const SOURCE = ["one", "two", "three", "four", "five", "six"].join("\n");

describe("sourceExcerpt", () => {
  it("gives two lines either side of the error, numbered from the first shown", () => {
    expect(sourceExcerpt(SOURCE, 4)).toEqual({
      firstLine: 2,
      lines: ["two", "three", "four", "five", "six"],
    });
  });

  it("stops at the start and end of the file", () => {
    expect(sourceExcerpt(SOURCE, 1)).toEqual({ firstLine: 1, lines: ["one", "two", "three"] });
    expect(sourceExcerpt(SOURCE, 6)?.lines).toEqual(["four", "five", "six"]);
    expect(sourceExcerpt("a\r\nb\r\n", 2)?.lines).toEqual(["a", "b", ""]);
  });

  it("has nothing for a line past the end, and cuts very long lines", () => {
    expect(sourceExcerpt(SOURCE, 7)).toBeNull();
    const [line] = sourceExcerpt("x".repeat(1000), 1)?.lines ?? [];
    expect(line).toHaveLength(401);
    expect(line?.endsWith("…")).toBe(true);
  });
});
