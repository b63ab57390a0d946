import { describe, expect, it } from "vitest";
import { commitStatusContext, WORKFLOW_COMMIT_STATES } from "./workflow-commit-state.ts";

describe("a workflow's commit status", () => {
  it("is pending while it runs and final when it ends", () => {
    expect(WORKFLOW_COMMIT_STATES.running.state).toBe("pending");
    expect(WORKFLOW_COMMIT_STATES.on_hold.state).toBe("pending");
    expect(WORKFLOW_COMMIT_STATES.failing.state).toBe("pending");
    expect(WORKFLOW_COMMIT_STATES.success.state).toBe("success");
    expect(WORKFLOW_COMMIT_STATES.failed.state).toBe("failure");
    expect(WORKFLOW_COMMIT_STATES.canceled.state).toBe("error");
    expect(WORKFLOW_COMMIT_STATES.error.state).toBe("error");
  });

  it("is named after the workflow", () => {
    expect(commitStatusContext("build-and-test")).toBe("cairn/build-and-test");
  });
});
