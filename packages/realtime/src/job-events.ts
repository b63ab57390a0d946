import { z } from "zod";

/** socket.io event names, one place for the server and the browser. */
export const JOB_EVENTS = {
  /** Browser → server: follow a job's output after a seq (0 = from the start). */
  follow: "job:follow",
  /** Browser → server: stop following a job. */
  unfollow: "job:unfollow",
  /** Server → browser: chunks of output, in seq order, never repeated. */
  log: "job:log",
  /** Server → browser: the job's status, when following starts and whenever it changes. */
  status: "job:status",
  /** Server → browser: why a follow was refused (bad payload, unknown or invisible job). */
  error: "job:error",
} as const;

/** Same statuses as the database's `job_status`, kept here so browsers need no Prisma. */
export const JOB_STATUSES = [
  "blocked",
  "queued",
  "running",
  "success",
  "failed",
  "canceled",
  "not_run",
  "infrastructure_fail",
  "timedout",
  "on_hold",
  "unauthorized",
] as const;

const UNFINISHED_STATUSES: readonly string[] = ["blocked", "queued", "running", "on_hold"];

export const ZJobStatusNameSchema = z.enum(JOB_STATUSES);
export type TJobStatusName = z.infer<typeof ZJobStatusNameSchema>;

/** True once a job can no longer produce output. */
export const isJobFinished = (status: TJobStatusName) => !UNFINISHED_STATUSES.includes(status);

const ZJobIdSchema = z.string().min(1).max(100);

export const ZJobFollowSchema = z
  .object({
    jobId: ZJobIdSchema,
    afterSeq: z.number().int().min(0).max(2_147_483_647),
  })
  .strict();
export type TJobFollow = z.infer<typeof ZJobFollowSchema>;

export const ZJobUnfollowSchema = z.object({ jobId: ZJobIdSchema }).strict();
export type TJobUnfollow = z.infer<typeof ZJobUnfollowSchema>;

export const ZLogChunkSchema = z.object({
  seq: z.number().int().min(1),
  /** The step that printed it; null for output of no step. */
  step: z.number().int().min(0).nullable(),
  /** The bytes as base64: output may be binary or cut inside a UTF-8 character. */
  data: z.base64(),
  /**
   * When the chunk was stored, in ms since the epoch; null or absent when unknown (a log
   * archived before times were kept, or a server that does not send them).
   */
  at: z.number().int().min(0).nullable().optional(),
});
export type TLogChunk = z.infer<typeof ZLogChunkSchema>;

export const ZJobLogSchema = z.object({
  jobId: ZJobIdSchema,
  chunks: z.array(ZLogChunkSchema).min(1),
});
export type TJobLog = z.infer<typeof ZJobLogSchema>;

export const ZJobStatusSchema = z.object({
  jobId: ZJobIdSchema,
  status: ZJobStatusNameSchema,
  finished: z.boolean(),
});
export type TJobStatus = z.infer<typeof ZJobStatusSchema>;

export const ZJobErrorSchema = z.object({ jobId: z.string().max(100), message: z.string() });
export type TJobError = z.infer<typeof ZJobErrorSchema>;
