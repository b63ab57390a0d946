import { posix } from "node:path";
import picomatch from "picomatch";
import { JobFilesError } from "../errors.ts";

/** Which files under a workspace root a persist_to_workspace step takes. */
export interface PathSelection {
  /**
   * Directories (relative to the root, "" for the root itself) that hold every possible
   * match: only these are read from the container.
   */
  bases: string[];
  /** Bases written as plain paths, not globs: a missing one is the author's mistake. */
  literalBases: Set<string>;
  /** True when a relative path, or a directory above it, matches one of the patterns. */
  includes(relativePath: string): boolean;
}

/**
 * Compiles persist_to_workspace `paths`: globs relative to `root` (Go-style, so `*` also
 * matches dotfiles); a matched directory brings everything inside it.
 */
export function selectPaths(patterns: readonly string[]): PathSelection {
  if (patterns.length === 0)
    throw new JobFilesError("persist_to_workspace needs at least one path");
  const normalized = patterns.map(normalizePattern);
  const matchers = normalized.map((pattern) =>
    pattern === "" ? () => true : picomatch(pattern, { dot: true }),
  );
  const scanned = normalized.map((pattern) => ({ pattern, scan: picomatch.scan(pattern) }));
  const bases = outermost(scanned.map(({ scan }) => scan.base));
  const literalBases = new Set(
    scanned.filter(({ scan }) => !scan.isGlob).map(({ pattern }) => pattern),
  );
  return {
    bases,
    literalBases,
    includes(relativePath) {
      for (let path = relativePath; path !== "." && path !== ""; path = posix.dirname(path)) {
        if (matchers.some((matches) => matches(path))) return true;
      }
      return matchers.some((matches) => matches(""));
    },
  };
}

function normalizePattern(pattern: string): string {
  if (typeof pattern !== "string" || pattern.trim() === "") {
    throw new JobFilesError("persist_to_workspace paths must be non-empty strings");
  }
  if (pattern.startsWith("/")) {
    throw new JobFilesError(`persist_to_workspace paths must be relative to root: ${pattern}`);
  }
  const path = posix.normalize(pattern).replace(/\/+$/, "");
  if (path === "..") throw new JobFilesError(`persist_to_workspace path leaves root: ${pattern}`);
  if (path.startsWith("../")) {
    throw new JobFilesError(`persist_to_workspace path leaves root: ${pattern}`);
  }
  return path === "." ? "" : path;
}

/** Drops bases inside other bases, so no directory is read twice. */
function outermost(bases: string[]): string[] {
  const unique = [...new Set(bases)].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const base of unique) {
    if (!kept.some((outer) => outer === "" || base === outer || base.startsWith(`${outer}/`))) {
      kept.push(base);
    }
  }
  return kept;
}
