import { describe, expect, it } from "vitest";
import { formatDuration, formatTime } from "./format.ts";

describe("formatDuration", () => {
  it("reads naturally at every scale", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(4_200)).toBe("4.2s");
    expect(formatDuration(42_000)).toBe("42s");
    expect(formatDuration(187_000)).toBe("3m 07s");
    expect(formatDuration(3_720_000)).toBe("1h 02m");
  });

  it("prints UTC timestamps the same on server and browser", () => {
    expect(formatTime("2026-01-02T03:04:05.678Z")).toBe("2026-01-02 03:04:05 UTC");
    expect(formatTime(null)).toBe("—");
  });
});
