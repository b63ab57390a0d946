import { describe, expect, it } from "vitest";
import { LogModel } from "./log-model.ts";
import { buildLogRows, type StepInfo } from "./log-rows.ts";

const chunk = (seq: number, step: number | null, text: string) => ({
  seq,
  step,
  data: Buffer.from(text).toString("base64"),
});
const steps: StepInfo[] = [
  { index: 0, name: "Spin up", status: "success", durationMs: 10 },
  { index: 1, name: "Build", status: "running", durationMs: null },
  { index: 2, name: "Test", status: "pending", durationMs: null },
];

function describeRows(rows: ReturnType<typeof buildLogRows>): string[] {
  return Array.from({ length: rows.count }, (_, index) => {
    const row = rows.at(index);
    if (!row) return "?";
    return row.kind === "step"
      ? `# ${row.step.name} (${row.lineCount}${row.collapsed ? ", collapsed" : ""})`
      : `${row.line.number}: ${row.line.text}`;
  });
}

describe("buildLogRows", () => {
  const model = new LogModel();
  model.append([
    chunk(1, null, "pulling\n"),
    chunk(2, 0, "up\n"),
    chunk(3, 1, "b1\nb2\n"),
    chunk(4, 0, "late\n"),
    chunk(5, 4, "unlisted\n"),
  ]);

  it("lists each step's header then its lines, in step order, steps without output too", () => {
    const rows = buildLogRows(model.byStep, steps, new Set());
    expect(describeRows(rows)).toEqual([
      "# Preparing (1)",
      "1: pulling",
      "# Spin up (2)",
      "2: up",
      "5: late",
      "# Build (2)",
      "3: b1",
      "4: b2",
      "# Test (0)",
      "# Step 5 (1)",
      "6: unlisted",
    ]);
    expect([0, 1, 2, 5, 8, 9].map((index) => rows.isStepHeader(index))).toEqual([
      true,
      false,
      true,
      true,
      true,
      true,
    ]);
    expect(rows.at(-1)).toBeUndefined();
    expect(rows.at(rows.count)).toBeUndefined();
  });

  it("hides a collapsed step's lines and finds lines by number", () => {
    const rows = buildLogRows(model.byStep, steps, new Set([0]));
    expect(describeRows(rows).slice(0, 4)).toEqual([
      "# Preparing (1)",
      "1: pulling",
      "# Spin up (2, collapsed)",
      "# Build (2)",
    ]);
    expect(rows.indexOfLine(4)).toBe(5);
    expect(rows.indexOfLine(6)).toBe(rows.count - 1);
    expect(rows.indexOfLine(5)).toBe(-1); // in the collapsed step
    expect(rows.indexOfLine(99)).toBe(-1);
  });

  it("grows with the model without rebuilding what it saw", () => {
    const before = buildLogRows(model.byStep, steps, new Set());
    const firstLine = before.at(1);
    model.append([chunk(6, null, "more\n")]);
    const after = buildLogRows(model.byStep, steps, new Set());
    expect(after.count).toBe(before.count + 1);
    expect(after.at(1)).toBe(firstLine);
    expect(after.at(2)).toMatchObject({ kind: "line", line: { number: 7, text: "more" } });
  });
});
