import { describe, expect, it } from "vitest";
import { decodeLogNotification, encodeLogNotification } from "./log-chunk.ts";
import { truncationNotice } from "./truncation-notice.ts";

describe("log notifications", () => {
  it("round-trips and stays small", () => {
    const payload = encodeLogNotification({
      jobId: "5f0c3c5e-1b7e-4c55-9a55-0b0f0c1e2d3f",
      seq: 1234,
    });
    expect(payload.length).toBeLessThan(80);
    expect(decodeLogNotification(payload)).toEqual({
      jobId: "5f0c3c5e-1b7e-4c55-9a55-0b0f0c1e2d3f",
      seq: 1234,
    });
  });

  it("ignores malformed payloads", () => {
    for (const payload of [
      undefined,
      "",
      "not json",
      "null",
      '{"jobId":1,"seq":2}',
      '{"jobId":"a","seq":1.5}',
    ]) {
      expect(decodeLogNotification(payload)).toBeNull();
    }
  });
});

describe("truncationNotice", () => {
  it("names the cap in a readable unit and the setting to raise", () => {
    expect(truncationNotice(50 * 1024 * 1024)).toBe(
      "Log truncated: this job's output exceeded 50 MB; the rest was discarded. Raise CAIRN_LOG_MAX_BYTES to keep more.",
    );
    expect(truncationNotice(1536 * 1024)).toContain("exceeded 1.5 MB;");
    expect(truncationNotice(64 * 1024)).toContain("exceeded 64 KB;");
  });
});
