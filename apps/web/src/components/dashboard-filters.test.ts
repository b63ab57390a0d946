import { describe, expect, it } from "vitest";
import { readFilters, writeFilters } from "./dashboard-filters.ts";

describe("dashboard filters in the URL", () => {
  it("reads project, branch and status, dropping what is empty or unknown", () => {
    expect(
      readFilters(new URLSearchParams("project=git/acme/app&branch=main&status=failed")),
    ).toEqual({
      project: "git/acme/app",
      branch: "main",
      status: "failed",
    });
    expect(readFilters(new URLSearchParams("branch=%20&status=exploded"))).toEqual({});
  });

  it("writes them back, leaving a bare dashboard without a query", () => {
    expect(writeFilters({})).toBe("");
    expect(writeFilters({ branch: "feature/x", status: "on_hold" })).toBe(
      "?branch=feature%2Fx&status=on_hold",
    );
    const round = readFilters(new URLSearchParams(writeFilters({ project: "gh/a/b" }).slice(1)));
    expect(round).toEqual({ project: "gh/a/b" });
  });
});
