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
  failureReason: z.string().nullable(),
  waitingReason: z.string().nullable(),
  logTruncated: z.boolean(),
  steps: z.array(ZJobStepSchema),
});
export type TJobDetail = z.infer<typeof ZJobDetailSchema>;
