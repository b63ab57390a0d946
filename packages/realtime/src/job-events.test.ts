import { describe, expect, it } from "vitest";
import {
  isJobFinished,
  JOB_EVENTS,
  ZJobFollowSchema,
  ZJobLogSchema,
  ZJobStatusSchema,
} from "./index.ts";

describe("job:follow payload", () => {
  it("accepts a job id and a whole afterSeq from 0", () => {
    expect(ZJobFollowSchema.parse({ jobId: "j1", afterSeq: 0 })).toEqual({
      jobId: "j1",
      afterSeq: 0,
    });
    expect(ZJobFollowSchema.safeParse({ jobId: "j1", afterSeq: 41 }).success).toBe(true);
  });

  it("refuses negative, fractional or missing seqs, empty or long ids and extra fields", () => {
    for (const payload of [
      { jobId: "j1", afterSeq: -1 },
      { jobId: "j1", afterSeq: 1.5 },
      { jobId: "j1" },
      { jobId: "", afterSeq: 0 },
      { jobId: "x".repeat(101), afterSeq: 0 },
      { jobId: "j1", afterSeq: 0, room: "job:other" },
      "job:j1",
      null,
    ]) {
      expect(ZJobFollowSchema.safeParse(payload).success, JSON.stringify(payload)).toBe(false);
    }
  });
});

describe("job:log payload", () => {
  it("carries base64 data per chunk with its step (or null)", () => {
    const data = Buffer.from("héllo\n").toString("base64");
    const parsed = ZJobLogSchema.parse({
      jobId: "j1",
      chunks: [
        { seq: 1, step: null, data },
        { seq: 2, step: 0, data },
      ],
    });
    expect(Buffer.from(parsed.chunks[1]?.data ?? "", "base64").toString("utf8")).toBe("héllo\n");
  });

  it("refuses seq 0, non-base64 data and an empty batch", () => {
    expect(
      ZJobLogSchema.safeParse({ jobId: "j1", chunks: [{ seq: 0, step: 0, data: "" }] }).success,
    ).toBe(false);
    expect(
      ZJobLogSchema.safeParse({ jobId: "j1", chunks: [{ seq: 1, step: 0, data: "not base64!" }] })
        .success,
    ).toBe(false);
    expect(ZJobLogSchema.safeParse({ jobId: "j1", chunks: [] }).success).toBe(false);
  });

  it("takes an optional time per chunk, so either side may be older", () => {
    const data = Buffer.from("x").toString("base64");
    const parsed = ZJobLogSchema.parse({
      jobId: "j1",
      chunks: [
        { seq: 1, step: 0, data, at: 1_764_000_000_000 },
        { seq: 2, step: 0, data, at: null },
        { seq: 3, step: 0, data },
      ],
    });
    expect(parsed.chunks.map((chunk) => chunk.at)).toEqual([1_764_000_000_000, null, undefined]);
    for (const at of [-1, 1.5, "2026-11-26T00:00:00Z"]) {
      expect(
        ZJobLogSchema.safeParse({ jobId: "j1", chunks: [{ seq: 1, step: 0, data, at }] }).success,
        String(at),
      ).toBe(false);
    }
  });
});

describe("job:status payload", () => {
  it("knows the database's statuses and which of them are final", () => {
    expect(ZJobStatusSchema.parse({ jobId: "j1", status: "success", finished: true }).status).toBe(
      "success",
    );
    expect(
      ZJobStatusSchema.safeParse({ jobId: "j1", status: "exploded", finished: true }).success,
    ).toBe(false);
    expect(isJobFinished("running")).toBe(false);
    expect(isJobFinished("queued")).toBe(false);
    expect(isJobFinished("failed")).toBe(true);
    expect(isJobFinished("canceled")).toBe(true);
  });

  it("names events as the socket.io maps do", () => {
    expect(Object.values(JOB_EVENTS).sort()).toEqual([
      "job:error",
      "job:follow",
      "job:log",
      "job:status",
      "job:unfollow",
    ]);
  });
});
