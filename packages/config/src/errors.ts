import type { SourcePosition } from "./parse/locations.ts";

/** One problem found in a config, located precisely enough to show next to the source. */
export interface ConfigError {
  /** The file the problem is in: the config itself, or the orb file it came from. */
  file: string;
  /** 1-based line and column. */
  line: number;
  column: number;
  /** Where in the config tree, e.g. `jobs.build.steps[2].run`; "" for the document itself. */
  path: string;
  /** A sentence a person understands, e.g. "unknown key 'comand' — did you mean 'command'?". */
  message: string;
}

/** Beyond this many errors the rest is noise; we stop collecting (and say so). */
const MAX_ERRORS = 100;

/** Collects errors; validation goes on after the first so that several are reported at once. */
export class ErrorList {
  readonly errors: ConfigError[] = [];
  private readonly seen = new Set<string>();
  private truncated = false;

  add(position: SourcePosition, path: string, message: string): void {
    const key = `${position.file}:${position.line}:${position.column}:${path}:${message}`;
    if (this.seen.has(key)) return; // the same alias expanded twice reports once
    this.seen.add(key);
    if (this.errors.length >= MAX_ERRORS) {
      if (!this.truncated) {
        this.truncated = true;
        this.errors.push({ ...position, path: "", message: "too many errors; stopping here" });
      }
      return;
    }
    this.errors.push({ ...position, path, message });
  }

  get count(): number {
    return this.errors.length;
  }

  /** Errors sorted by file order then position: the order a reader scans the file in. */
  sorted(): ConfigError[] {
    return [...this.errors].sort(
      (a, b) =>
        (a.file === b.file ? 0 : a.file < b.file ? -1 : 1) ||
        a.line - b.line ||
        a.column - b.column,
    );
  }
}

/** `FILE:LINE:COL: message (at path)` — the format editors and terminals link to. */
export function formatConfigError(error: ConfigError): string {
  const where = error.path ? ` (at ${error.path})` : "";
  return `${error.file}:${error.line}:${error.column}: ${error.message}${where}`;
}

/** " — did you mean 'x'?" when one candidate is close enough to be a likely typo, else "". */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase(), bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const tolerance = Math.max(1, Math.floor(word.length / 3));
  return best !== undefined && bestDistance <= tolerance ? ` — did you mean '${best}'?` : "";
}

/** Edit distance counting a swap of neighbours as one edit (typos), capped by `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return Number.POSITIVE_INFINITY;
  if (a.length > 64 || b.length > 64) return a === b ? 0 : Number.POSITIVE_INFINITY;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, beforePrevious[j - 2]! + 1);
      }
      current[j] = best;
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}
