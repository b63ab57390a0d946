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

/**
 * The rows of the virtualized list — each step's header, then its lines unless collapsed —
 * addressed by index without being materialized: a million-line log is rebuilt on every
 * update in time proportional to its steps, and only the rows on screen become objects.
 */
export interface LogRows {
  count: number;
  at(index: number): LogRow | undefined;
  isStepHeader(index: number): boolean;
  /** The row showing line `number` (1-based), or -1 when it is collapsed or absent. */
  indexOfLine(number: number): number;
}

/** The step that output of no step is shown under (container start-up, checkout of images). */
const PREAMBLE: StepInfo = { index: -1, name: "Preparing", status: "", durationMs: null };

interface Section {
  /** Row index of the step's header. */
  start: number;
  header: LogRow & { kind: "step" };
  lines: readonly LogLine[];
}

// A line's row never changes, so each is made once, when first shown.
const lineRows = new WeakMap<LogLine, LogRow>();

function lineRow(line: LogLine): LogRow {
  let row = lineRows.get(line);
  if (!row) {
    row = { kind: "line", key: `l${line.number}`, line };
    lineRows.set(line, row);
  }
  return row;
}

/** Steps appear in order; output of a step not (yet) listed gets a header of its own. */
export function buildLogRows(
  byStep: ReadonlyMap<number | null, readonly LogLine[]>,
  steps: readonly StepInfo[],
  collapsed: ReadonlySet<number>,
): LogRows {
  const known = new Map(steps.map((step) => [step.index, step]));
  const linesOf = (index: number) => byStep.get(index === PREAMBLE.index ? null : index) ?? [];
  const indexes = new Set(known.keys());
  for (const step of byStep.keys()) indexes.add(step ?? PREAMBLE.index);
  const sections: Section[] = [];
  const headers = new Set<number>();
  let count = 0;
  for (const index of [...indexes].sort((a, b) => a - b)) {
    const step =
      known.get(index) ??
      (index === PREAMBLE.index ? PREAMBLE : { ...PREAMBLE, index, name: `Step ${index + 1}` });
    const lines = linesOf(index);
    const isCollapsed = collapsed.has(index);
    const header = {
      kind: "step" as const,
      key: `s${index}`,
      step,
      lineCount: lines.length,
      collapsed: isCollapsed,
    };
    sections.push({ start: count, header, lines: isCollapsed ? [] : lines });
    headers.add(count);
    count += 1 + (isCollapsed ? 0 : lines.length);
  }

  const sectionAt = (row: number): Section | undefined => {
    let low = 0;
    let high = sections.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((sections[middle]?.start ?? 0) <= row) low = middle;
      else high = middle - 1;
    }
    return sections[low];
  };

  return {
    count,
    isStepHeader: (index) => headers.has(index),
    at(index) {
      if (!(index >= 0 && index < count)) return undefined;
      const section = sectionAt(index);
      if (!section) return undefined;
      if (index === section.start) return section.header;
      const line = section.lines[index - section.start - 1];
      return line ? lineRow(line) : undefined;
    },
    indexOfLine(number) {
      for (const section of sections) {
        const { lines } = section;
        // Lines of a step are in number order: a binary search finds the line.
        let low = 0;
        let high = lines.length - 1;
        while (low <= high) {
          const middle = (low + high) >> 1;
          const at = lines[middle]?.number ?? 0;
          if (at === number) return section.start + 1 + middle;
          if (at < number) low = middle + 1;
          else high = middle - 1;
        }
      }
      return -1;
    },
  };
}
