import type { ByteRange } from "./blob-store.ts";

/** Throws for a range that is not two whole numbers ≥ 0. */
export function checkRange(range: ByteRange | undefined): void {
  if (!range) return;
  const { start, end } = range;
  if (!(Number.isSafeInteger(start) && start >= 0 && Number.isSafeInteger(end) && end >= 0)) {
    throw new RangeError(`Invalid byte range [${start}, ${end})`);
  }
}
