import { describe, expect, it } from "vitest";
import { orderLayersForAttach, type WorkflowJob, WorkspaceConflictError } from "./layer-order.ts";

// setup → (build-a, build-b concurrently) → test ; lint alone
const jobs: WorkflowJob[] = [
  { id: "setup", name: "setup", requires: [] },
  { id: "a", name: "build-a", requires: ["setup"] },
  { id: "b", name: "build-b", requires: ["setup"] },
  { id: "test", name: "test", requires: ["build-a", "build-b"] },
  { id: "lint", name: "lint", requires: [] },
  { id: "deploy", name: "deploy", requires: ["test"] },
];

const at = (second: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, second));
const layer = (id: string, jobId: string, second: number, files: string[]) => ({
  id,
  jobId,
  createdAt: at(second),
  files,
});

describe("orderLayersForAttach", () => {
  it("takes the layers of every upstream job, upstream first, and no others", () => {
    const layers = [
      layer("l-test", "test", 30, ["report.txt"]),
      layer("l-b", "b", 12, ["b.js"]),
      layer("l-setup", "setup", 5, ["config.json"]),
      layer("l-a", "a", 20, ["a.js"]),
      layer("l-lint", "lint", 1, ["lint.txt"]),
    ];
    expect(orderLayersForAttach(jobs, layers, "deploy").map((l) => l.id)).toEqual([
      "l-setup",
      "l-b",
      "l-a",
      "l-test",
    ]);
    expect(orderLayersForAttach(jobs, layers, "a").map((l) => l.id)).toEqual(["l-setup"]);
    expect(orderLayersForAttach(jobs, layers, "setup")).toEqual([]);
  });

  it("lets a downstream job replace a file of an upstream job", () => {
    const layers = [
      layer("up", "setup", 1, ["dist/app.js"]),
      layer("down", "a", 2, ["dist/app.js"]),
    ];
    expect(orderLayersForAttach(jobs, layers, "test").map((l) => l.id)).toEqual(["up", "down"]);
  });

  it("lets one job persist the same file twice", () => {
    const layers = [layer("first", "a", 1, ["x"]), layer("second", "a", 2, ["x"])];
    expect(orderLayersForAttach(jobs, layers, "test").map((l) => l.id)).toEqual([
      "first",
      "second",
    ]);
  });

  it("refuses a file persisted by two concurrent jobs, naming the file and both jobs", () => {
    const layers = [
      layer("l-a", "a", 10, ["dist/shared.js", "a.js"]),
      layer("l-b", "b", 11, ["b.js", "dist/shared.js"]),
    ];
    const attach = () => orderLayersForAttach(jobs, layers, "test");
    expect(attach).toThrow(WorkspaceConflictError);
    expect(attach).toThrow(/dist\/shared\.js \(jobs build-a and build-b\)/);
  });

  it("treats parallel copies of one job as concurrent", () => {
    const parallel: WorkflowJob[] = [
      { id: "p0", name: "shard", parallelIndex: 0, parallelism: 2, requires: [] },
      { id: "p1", name: "shard", parallelIndex: 1, parallelism: 2, requires: [] },
      { id: "sum", name: "sum", requires: ["shard"] },
    ];
    const distinct = [layer("0", "p0", 1, ["r0.xml"]), layer("1", "p1", 2, ["r1.xml"])];
    expect(orderLayersForAttach(parallel, distinct, "sum")).toHaveLength(2);
    const clash = [layer("0", "p0", 1, ["r.xml"]), layer("1", "p1", 2, ["r.xml"])];
    expect(() => orderLayersForAttach(parallel, clash, "sum")).toThrow(
      "r.xml (jobs shard (node 0) and shard (node 1))",
    );
  });
});
