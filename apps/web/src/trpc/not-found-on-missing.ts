"use client";

import { TRPCClientError } from "@trpc/client";
import { notFound } from "next/navigation";

/**
 * Unknown, invisible or malformed ids show Next's not-found page rather than an error:
 * the API answers both "no such thing" and "not yours" with NOT_FOUND.
 */
export function notFoundOnMissing(error: unknown) {
  if (error instanceof TRPCClientError) {
    const code = (error.data as { code?: string } | undefined)?.code;
    if (code === "NOT_FOUND" || code === "BAD_REQUEST") notFound();
  }
}
