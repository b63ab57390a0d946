import { describe, expect, it } from "vitest";
import { type DagJob, releaseBlockedJobs } from "./dag.ts";

function job(
  name: string,
  status: DagJob["status"],
  requires: DagJob["requires"] = {},
  type: DagJob["type"] = "build",
): DagJob {
  return { id: name, name, type, status, requires };
}

describe("releaseBlockedJobs", () => {
  it("queues roots, holds approvals, succeeds no-ops and follows a no-op at once", () => {
    const changes = releaseBlockedJobs([
      job("build", "blocked"),
      job("hold", "blocked", {}, "approval"),
      job("gate", "blocked", {}, "no_op"),
      job("after-gate", "blocked", { gate: ["success"] }),
    ]);
    expect(Object.fromEntries(changes)).toEqual({
      build: "queued",
      hold: "on_hold",
      gate: "success",
      "after-gate": "queued",
    });
  });

  it("waits while a requirement runs, even if another is already met", () => {
    const changes = releaseBlockedJobs([
      job("a", "success"),
      job("b", "running"),
      job("c", "blocked", { a: ["success"], b: ["success"] }),
    ]);
    expect(changes.size).toBe(0);
  });

  it("maps timedout and infrastructure_fail to failed, and `terminal` accepts anything", () => {
    const changes = releaseBlockedJobs([
      job("a", "timedout"),
      job("b", "infrastructure_fail"),
      job("on-a-failed", "blocked", { a: ["failed"] }),
      job("on-b-terminal", "blocked", { b: ["terminal"] }),
      job("on-a-success", "blocked", { a: ["success"] }),
      job("after-not-run", "blocked", { "on-a-success": ["success"] }),
      job("on-not-run", "blocked", { "on-a-success": ["not_run"] }),
    ]);
    expect(Object.fromEntries(changes)).toEqual({
      "on-a-failed": "queued",
      "on-b-terminal": "queued",
      "on-a-success": "not_run",
      "after-not-run": "not_run",
      "on-not-run": "queued",
    });
  });

  it("treats the copies of a parallel job as one: the worst outcome once all ended", () => {
    const rows = (statuses: DagJob["status"][]): DagJob[] =>
      statuses.map((status, index) => ({ ...job("p", status), id: `p${index}` }));
    const waiter = job("w", "blocked", { p: ["success"] });
    expect(releaseBlockedJobs([...rows(["success", "running"]), waiter]).size).toBe(0);
    expect(releaseBlockedJobs([...rows(["success", "success"]), waiter]).get("w")).toBe("queued");
    expect(releaseBlockedJobs([...rows(["failed", "success"]), waiter]).get("w")).toBe("not_run");
  });

  it("does not run a job whose requirement is missing from the workflow", () => {
    expect(releaseBlockedJobs([job("x", "blocked", { ghost: ["success"] })]).get("x")).toBe(
      "not_run",
    );
  });
});
