import { z } from "zod";

const ZIsoTimeSchema = z.string().nullable();

export const ZJobStepSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  status: z.string(),
  exitCode: z.number().int().nullable(),
  startedAt: ZIsoTimeSchema,
  stoppedAt: ZIsoTimeSchema,
  durationMs: z.number().int().nullable(),
});

export const ZJobDetailSchema = z.object({
  /** The run whose output the page follows (parallel run 0 unless another was asked for). */
  id: z.string(),
  name: z.string(),
  number: z.number().int(),
  parallelIndex: z.number().int(),
  status: z.string(),
  finished: z.boolean(),
  projectSlug: z.string(),
  pipelineId: z.string(),
  workflow: z.object({ id: z.string(), name: z.string() }),
  startedAt: ZIsoTimeSchema,
  stoppedAt: ZIsoTimeSchema,
  durationMs: z.number().int().nullable(),
  /** The `resource_class` the job ran with (docker executor). */
  resourceClass: z.string(),
  failureReason: z.string().nullable(),
  waitingReason: z.string().nullable(),
  logTruncated: z.boolean(),
  steps: z.array(ZJobStepSchema),
});
export type TJobDetail = z.infer<typeof ZJobDetailSchema>;

export const ZJobArtifactsSchema = z.object({
  items: z.array(
    z.object({
      path: z.string(),
      nodeIndex: z.number().int(),
      size: z.number().int(),
      contentType: z.string().nullable(),
      /** On the project's artifact origin; a private project's carries a short-lived token. */
      url: z.string(),
    }),
  ),
});
export type TJobArtifacts = z.infer<typeof ZJobArtifactsSchema>;

export const ZJobTestsSchema = z.object({
  counts: z.object({
    total: z.number().int(),
    success: z.number().int(),
    failure: z.number().int(),
    error: z.number().int(),
    skipped: z.number().int(),
  }),
  /** Failures, then errors, then skipped, then successes. */
  cases: z.array(
    z.object({
      classname: z.string(),
      name: z.string(),
      file: z.string().nullable(),
      result: z.enum(["success", "failure", "error", "skipped"]),
      runTime: z.number(),
      message: z.string().nullable(),
    }),
  ),
});
export type TJobTests = z.infer<typeof ZJobTestsSchema>;
