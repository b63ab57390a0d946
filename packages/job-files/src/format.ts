const UNITS = ["B", "kB", "MB", "GB", "TB"];

/** Decimal units, as CircleCI prints them: 12345678 → "12.3 MB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** 1234 → "1.2 s", 83 → "0.08 s". */
export function formatSeconds(milliseconds: number): string {
  const seconds = milliseconds / 1000;
  return `${seconds < 1 ? seconds.toFixed(2) : seconds.toFixed(1)} s`;
}

/** Milliseconds since `start` (a `performance.now()` value). */
export function elapsedSince(start: number): number {
  return performance.now() - start;
}
