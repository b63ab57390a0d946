/**
 * What went wrong, as a stable code a caller can map to an HTTP status or a job's failure
 * reason; the message is written for the person who configured the project.
 */
export type VcsErrorCode =
  | "invalid_url"
  | "invalid_push"
  | "invalid_argument"
  | "invalid_key"
  | "auth_failed"
  | "host_key_mismatch"
  | "network"
  | "not_found"
  | "timeout"
  | "git_failed";

export class VcsError extends Error {
  override readonly name = "VcsError";

  constructor(
    readonly code: VcsErrorCode,
    message: string,
  ) {
    super(message);
  }
}
