import { describe, expect, it } from "vitest";
import { formatGoDuration } from "./duration.ts";

describe("formatGoDuration", () => {
  it.each([
    [600_000, "10m0s"],
    [2_000, "2s"],
    [1_500, "1.5s"],
    [250, "250ms"],
    [5_400_000, "1h30m0s"],
    [3_600_000, "1h0m0s"],
    [75_000, "1m15s"],
    [0, "0s"],
  ])("%d ms → %s", (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });
});
