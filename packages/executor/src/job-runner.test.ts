import { describe, expect, it } from "vitest";
import { JobProgress } from "./job-runner.ts";
import type { StepResult } from "./sandbox/job-sandbox.ts";

const result = (overrides: Partial<StepResult>): StepResult => ({
  exitCode: 0,
  halted: false,
  timedOut: false,
  oomKilled: false,
  cancelled: false,
  background: false,
  durationMs: 1,
  ...overrides,
});

describe("JobProgress", () => {
  it("runs on_success steps until one fails, then on_fail and always steps", () => {
    const job = new JobProgress();
    expect([
      job.shouldRun("on_success"),
      job.shouldRun("on_fail"),
      job.shouldRun("always"),
    ]).toEqual([true, false, true]);
    job.record(result({ exitCode: 1 }));
    expect([
      job.shouldRun("on_success"),
      job.shouldRun("on_fail"),
      job.shouldRun("always"),
    ]).toEqual([false, true, true]);
    expect(job.status).toBe("failed");
  });

  it("treats a timed-out step (no exit code) as failed, a started background step as not", () => {
    const job = new JobProgress();
    job.record(result({ exitCode: null, background: true }));
    expect(job.failed).toBe(false);
    job.record(result({ exitCode: null, timedOut: true }));
    expect(job.failed).toBe(true);
  });

  it("runs nothing after a halt, and the job succeeds", () => {
    const job = new JobProgress();
    job.record(result({ halted: true }));
    expect(job.shouldRun("always")).toBe(false);
    expect(job.status).toBe("success");
  });

  it("runs nothing after a cancel", () => {
    const job = new JobProgress();
    job.record(result({ exitCode: null, cancelled: true }));
    expect(job.shouldRun("always")).toBe(false);
    expect(job.status).toBe("canceled");
  });
});
