import { describe, expect, it } from "vitest";
import { layoutDag } from "./layout-dag.ts";

const place = (layout: ReturnType<typeof layoutDag>, name: string) => {
  const node = layout.nodes.get(name);
  return node ? [node.layer, node.row] : null;
};

describe("layoutDag", () => {
  it("puts each job one column right of the furthest job it requires", () => {
    const layout = layoutDag([
      { name: "checkout", requires: [] },
      { name: "lint", requires: ["checkout"] },
      { name: "test", requires: ["checkout"] },
      { name: "build", requires: ["lint"] },
      { name: "deploy", requires: ["build", "test"] },
    ]);
    expect(place(layout, "checkout")).toEqual([0, 0]);
    expect(layout.nodes.get("lint")?.layer).toBe(1);
    expect(layout.nodes.get("test")?.layer).toBe(1);
    expect(layout.nodes.get("build")?.layer).toBe(2);
    expect(layout.nodes.get("deploy")?.layer).toBe(3);
    expect(layout.layers).toBe(4);
    expect(layout.rows).toBe(2);
    expect(layout.edges).toContainEqual({ from: "build", to: "deploy" });
    expect(layout.edges).toHaveLength(5);
  });

  it("orders a column by the rows of what its jobs require, so edges cross less", () => {
    const layout = layoutDag([
      { name: "a", requires: [] },
      { name: "b", requires: [] },
      { name: "after-b", requires: ["b"] },
      { name: "after-a", requires: ["a"] },
    ]);
    expect(place(layout, "after-a")).toEqual([1, 0]);
    expect(place(layout, "after-b")).toEqual([1, 1]);
  });

  it("ignores requirements on unknown jobs and survives a cycle", () => {
    const layout = layoutDag([
      { name: "x", requires: ["missing"] },
      { name: "p", requires: ["q"] },
      { name: "q", requires: ["p"] },
    ]);
    expect(place(layout, "x")).toEqual([0, 0]);
    expect(layout.nodes.size).toBe(3);
  });
});
