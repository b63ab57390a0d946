function formatSize(bytes: number): string {
  const units: [number, string][] = [
    [1024 * 1024, "MB"],
    [1024, "KB"],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(2))} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** The line that ends a log cut at its size cap, so the cut is never silent. */
export function truncationNotice(maxBytes: number): string {
  return `Log truncated: this job's output exceeded ${formatSize(maxBytes)}; the rest was discarded. Raise CAIRN_LOG_MAX_BYTES to keep more.`;
}
