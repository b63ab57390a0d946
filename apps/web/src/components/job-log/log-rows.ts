import type { LogLine } from "./log-model.ts";

export interface StepInfo {
  index: number;
  name: string;
  status: string;
  durationMs: number | null;
}

export type LogRow =
  | { kind: "step"; key: string; step: StepInfo; lineCount: number; collapsed: boolean }
  | { kind: "line"; key: string; line: LogLine };

/** The step that output of no step is shown under (container start-up, checkout of images). */
const PREAMBLE: StepInfo = { index: -1, name: "Preparing", status: "", durationMs: null };

/**
 * The rows of the virtualized list: each step's header, then its lines unless collapsed.
 * Steps appear in order; output of a step not (yet) listed gets a header of its own.
 */
export function buildLogRows(
  lines: readonly LogLine[],
  steps: readonly StepInfo[],
  collapsed: ReadonlySet<number>,
): LogRow[] {
  const byStep = new Map<number, LogLine[]>();
  for (const line of lines) {
    const index = line.step ?? PREAMBLE.index;
    const group = byStep.get(index);
    if (group) group.push(line);
    else byStep.set(index, [line]);
  }
  const known = new Map(steps.map((step) => [step.index, step]));
  const indexes = [...new Set([...byStep.keys(), ...known.keys()])].sort((a, b) => a - b);
  const rows: LogRow[] = [];
  for (const index of indexes) {
    const step =
      known.get(index) ??
      (index === PREAMBLE.index ? PREAMBLE : { ...PREAMBLE, index, name: `Step ${index + 1}` });
    const stepLines = byStep.get(index) ?? [];
    const isCollapsed = collapsed.has(index);
    rows.push({
      kind: "step",
      key: `s${index}`,
      step,
      lineCount: stepLines.length,
      collapsed: isCollapsed,
    });
    if (!isCollapsed) {
      for (const line of stepLines) rows.push({ kind: "line", key: `l${line.number}`, line });
    }
  }
  return rows;
}
