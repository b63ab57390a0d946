import { describe, expect, it } from "vitest";
import { combinedJobStatus } from "./combined-job-status.ts";

describe("combinedJobStatus", () => {
  it("shows a job as running while any parallel copy still runs", () => {
    expect(combinedJobStatus(["success", "running", "failed"])).toBe("running");
    expect(combinedJobStatus(["success", "queued"])).toBe("queued");
  });

  it("shows the worst outcome once every copy has ended", () => {
    expect(combinedJobStatus(["success", "failed", "canceled"])).toBe("failed");
    expect(combinedJobStatus(["success", "canceled"])).toBe("canceled");
    expect(combinedJobStatus(["success", "success"])).toBe("success");
  });
});
