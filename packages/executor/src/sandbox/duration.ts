/**
 * Formats milliseconds the way CircleCI (Go's time.Duration) prints them, so messages read
 * like the ones users search for: 600000 → "10m0s", 2000 → "2s", 5400000 → "1h30m0s",
 * 1500 → "1.5s", 250 → "250ms".
 */
export function formatGoDuration(ms: number): string {
  if (ms <= 0) return "0s";
  if (ms < 1000) return `${trim(ms.toFixed(3))}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  const s = `${trim(seconds.toFixed(3))}s`;
  if (hours > 0) return `${hours}h${minutes}m${s}`;
  if (minutes > 0) return `${minutes}m${s}`;
  return s;
}

function trim(fixed: string): string {
  return fixed.replace(/\.?0+$/, "") || "0";
}
