/** What a `Range` header asks of a body of known size. */
export type RangeRequest =
  | { kind: "whole" }
  | { kind: "partial"; start: number; end: number }
  | { kind: "unsatisfiable" };

/**
 * One byte range (`bytes=a-b`, `bytes=a-`, `bytes=-n`), inclusive `end`. A header that is
 * not a single byte range is ignored (the whole body, as RFC 9110 allows); a well-formed
 * range that starts past the end is unsatisfiable (416).
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: "whole" };
  const match = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim());
  if (!match) return { kind: "whole" };
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return { kind: "whole" };
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== "" && Number(last) < start) return { kind: "whole" };
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end };
}

/** `Content-Range` for a partial answer, or for a 416 (`bytes * /size`). */
export function contentRange(range: RangeRequest, size: number): string {
  return range.kind === "partial" ? `bytes ${range.start}-${range.end}/${size}` : `bytes */${size}`;
}
