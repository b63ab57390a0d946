import Anser from "anser";
import { type LogLine, visibleText } from "./log-model.ts";

/** What a reader sees of a line and can search: after carriage returns, without ANSI codes. */
export function plainText(text: string): string {
  const visible = visibleText(text);
  // Most lines have no escape code: skipping the parser keeps a million-line scan fast.
  return visible.includes("\x1b") ? Anser.ansiToText(visible) : visible;
}

/** A case-insensitive pattern for the query as plain text; null for an empty query. */
export function searchPattern(query: string): RegExp | null {
  if (query === "") return null;
  return new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i");
}

/** The lines a search runs over: the model's, and those it may still extend. */
export interface SearchableLog {
  readonly lines: readonly LogLine[];
  openLines(): LogLine[];
}

/**
 * Which lines of a log contain a query. The log only grows, so for an unchanged query an
 * update scans just the lines added since the last one, plus the few that were still being
 * written then (their text may have grown or, after a carriage return, changed).
 */
export class LogSearch {
  private query = "";
  private pattern: RegExp | null = null;
  /** Numbers of the matching lines, ascending. */
  readonly matches: number[] = [];
  /** How many of the log's lines have been scanned. */
  private scanned = 0;
  private open: LogLine[] = [];

  get count(): number {
    return this.matches.length;
  }

  /** Brings the matches up to date with the log and query; returns whether they changed. */
  update(log: SearchableLog, query: string): boolean {
    let changed = false;
    if (query !== this.query) {
      changed = this.matches.length > 0;
      this.query = query;
      this.pattern = searchPattern(query);
      this.matches.length = 0;
      this.scanned = 0;
      this.open = [];
    }
    const { pattern } = this;
    const { lines } = log;
    if (!pattern) {
      this.scanned = lines.length;
      return changed;
    }
    for (const line of this.open) {
      if (line.number <= this.scanned) changed = this.recheck(line, pattern) || changed;
    }
    for (let index = this.scanned; index < lines.length; index++) {
      const line = lines[index];
      if (line && pattern.test(plainText(line.text))) {
        this.matches.push(line.number);
        changed = true;
      }
    }
    this.scanned = lines.length;
    this.open = log.openLines();
    return changed;
  }

  /** The position of line `number` among the matches (0-based), or -1. */
  indexOf(number: number): number {
    const index = this.insertionPoint(number);
    return this.matches[index] === number ? index : -1;
  }

  /** The first match after line `from` (null: from the start), wrapping to the first. */
  next(from: number | null): number | null {
    if (this.matches.length === 0) return null;
    const index = from === null ? 0 : this.insertionPoint(from + 1);
    return this.matches[index] ?? this.matches[0] ?? null;
  }

  /** The last match before line `from` (null: from the end), wrapping to the last. */
  previous(from: number | null): number | null {
    if (this.matches.length === 0) return null;
    const last = this.matches[this.matches.length - 1] ?? null;
    if (from === null) return last;
    return this.matches[this.insertionPoint(from) - 1] ?? last;
  }

  /** Re-tests a line whose text may have changed; returns whether its match changed. */
  private recheck(line: LogLine, pattern: RegExp): boolean {
    const matches = pattern.test(plainText(line.text));
    const index = this.insertionPoint(line.number);
    const listed = this.matches[index] === line.number;
    if (matches === listed) return false;
    if (matches) this.matches.splice(index, 0, line.number);
    else this.matches.splice(index, 1);
    return true;
  }

  /** The index of the first match ≥ number. */
  private insertionPoint(number: number): number {
    let low = 0;
    let high = this.matches.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.matches[middle] ?? 0) < number) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** [start, end) ranges of the query in a line's plain text, for highlighting. */
export function matchRanges(text: string, pattern: RegExp | null): [number, number][] {
  if (!pattern) return [];
  const global = new RegExp(pattern.source, "gi");
  const ranges: [number, number][] = [];
  for (const match of text.matchAll(global)) {
    ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}
