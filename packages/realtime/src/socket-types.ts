import type { TJobError, TJobLog, TJobStatus } from "./job-events.ts";

/**
 * Event maps for socket.io's generics (keys are the values of JOB_EVENTS). Payloads from
 * the other side stay `unknown` until parsed with their schema: types describe, schemas check.
 */
export interface ServerToClientEvents {
  "job:log": (payload: TJobLog) => void;
  "job:status": (payload: TJobStatus) => void;
  "job:error": (payload: TJobError) => void;
}

export interface ClientToServerEvents {
  "job:follow": (payload: unknown) => void;
  "job:unfollow": (payload: unknown) => void;
}
