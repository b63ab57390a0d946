import type { HostedProviderId } from "./api.ts";

/**
 * Why a provider API call failed, as a stable code a caller can show or map:
 * `unauthorized` (401: token expired or revoked), `forbidden` (403: not allowed, or the
 * token lacks a scope), `not_found` (404), `conflict` (409/422: e.g. the key already
 * exists), `invalid_request` (other 4xx), `rate_limited` (429 still after retries),
 * `unavailable` (5xx still after retries), `network` (no answer), `invalid_response`
 * (an answer Cairn cannot read).
 */
export type ProviderApiErrorCode =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "invalid_request"
  | "rate_limited"
  | "unavailable"
  | "network"
  | "invalid_response";

export class ProviderApiError extends Error {
  override readonly name = "ProviderApiError";

  constructor(
    readonly provider: HostedProviderId,
    readonly code: ProviderApiErrorCode,
    message: string,
    /** The HTTP status, when the provider answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

export function errorCodeForStatus(status: number): ProviderApiErrorCode {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 409 || status === 422) return "conflict";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "unavailable";
  return "invalid_request";
}
