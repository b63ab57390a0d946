/** Milliseconds between two ISO times, or null while either is missing. */
export function durationBetween(start: string | Date | null, stop: string | Date | null) {
  if (!start || !stop) return null;
  return Math.max(0, new Date(stop).getTime() - new Date(start).getTime());
}
