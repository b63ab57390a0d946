/** CircleCI's timestamps: ISO 8601 in UTC, null when it has not happened. */
export const isoTime = (date: Date | null | undefined): string | null =>
  date ? date.toISOString() : null;
