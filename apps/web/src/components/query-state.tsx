"use client";

import { notFoundOnMissing } from "~/trpc/not-found-on-missing.ts";

/** What a page shows while its first answer is on the way, or when it could not be had. */
export function QueryState({ error }: { error: unknown }) {
  if (!error) return <p className="muted">Loading…</p>;
  notFoundOnMissing(error);
  const message = error instanceof Error ? error.message : "unknown error";
  return <p className="error">Could not load this page: {message}</p>;
}
