import { describe, expect, it } from "vitest";
import { pipelineStatusOf, workflowStatusOf } from "./rollup.ts";
import { canTransition, combinedOutcome } from "./statuses.ts";

describe("workflowStatusOf", () => {
  it.each([
    [["queued", "blocked"], "running"],
    [["running", "failed", "blocked"], "failing"],
    [["success", "on_hold", "blocked"], "on_hold"],
    [["running", "on_hold"], "running"],
    [["success", "not_run"], "success"],
    [["not_run", "not_run"], "not_run"],
    [["success", "infrastructure_fail"], "failed"],
    [["failed", "canceled"], "canceled"],
    [["success", "unauthorized"], "unauthorized"],
  ] as const)("%j → %s", (jobs, expected) => {
    expect(workflowStatusOf(jobs)).toBe(expected);
  });
});

describe("pipelineStatusOf", () => {
  it("takes the most telling workflow status", () => {
    expect(pipelineStatusOf(["success", "failing", "running"])).toBe("failing");
    expect(pipelineStatusOf(["success", "on_hold"])).toBe("on_hold");
    expect(pipelineStatusOf(["success", "failed"])).toBe("failed");
    expect(pipelineStatusOf(["success", "not_run"])).toBe("success");
    expect(pipelineStatusOf([])).toBe("not_run");
  });
});

describe("job transitions", () => {
  it("allows the queue's moves and nothing out of a terminal status", () => {
    expect(canTransition("queued", "running")).toBe(true);
    expect(canTransition("running", "queued")).toBe(true);
    expect(canTransition("on_hold", "success")).toBe(true);
    expect(canTransition("queued", "success")).toBe(false);
    expect(canTransition("success", "canceled")).toBe(false);
    expect(canTransition("canceled", "running")).toBe(false);
  });

  it("combines parallel copies into one outcome", () => {
    expect(combinedOutcome(["success", "success"])).toBe("success");
    expect(combinedOutcome(["success", "queued"])).toBeUndefined();
    expect(combinedOutcome(["canceled", "timedout"])).toBe("failed");
    expect(combinedOutcome([])).toBe("not_run");
  });
});
