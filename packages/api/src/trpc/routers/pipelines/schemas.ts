import { z } from "zod";
import { ZProjectSlugSchema } from "../projects/schemas.ts";

const ZIsoTimeSchema = z.string().nullable();

export const ZPipelineSummarySchema = z.object({
  id: z.string(),
  number: z.number().int(),
  projectSlug: z.string(),
  state: z.string(),
  status: z.string(),
  branch: z.string().nullable(),
  tag: z.string().nullable(),
  revision: z.string(),
  commitSubject: z.string().nullable(),
  trigger: z.object({ type: z.string(), actor: z.string() }),
  createdAt: z.string(),
  /** From the first job's start to the last job's end; null until every job has ended. */
  durationMs: z.number().int().nullable(),
  errors: z.array(z.object({ type: z.string(), message: z.string() })),
});
export type TPipelineSummary = z.infer<typeof ZPipelineSummarySchema>;

export const ZPipelinePageSchema = z.object({
  items: z.array(ZPipelineSummarySchema),
  nextCursor: z.string().nullable(),
});

export const ZWorkflowJobSchema = z.object({
  id: z.string(),
  name: z.string(),
  number: z.number().int().nullable(),
  type: z.string(),
  status: z.string(),
  /** Names of the jobs this one waits for. */
  requires: z.array(z.string()),
  startedAt: ZIsoTimeSchema,
  stoppedAt: ZIsoTimeSchema,
  durationMs: z.number().int().nullable(),
});

export const ZPipelineDetailSchema = z.object({
  pipeline: ZPipelineSummarySchema,
  workflows: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      status: z.string(),
      createdAt: z.string().nullable(),
      stoppedAt: ZIsoTimeSchema,
      jobs: z.array(ZWorkflowJobSchema),
    }),
  ),
});
export type TPipelineDetail = z.infer<typeof ZPipelineDetailSchema>;

export const ZTriggerInputSchema = z
  .object({
    slug: ZProjectSlugSchema,
    branch: z.string().trim().min(1).max(255).optional(),
    parameters: z
      .record(z.string().max(200), z.union([z.string().max(10_000), z.number(), z.boolean()]))
      .optional(),
  })
  .strict();

export const ZTriggeredPipelineSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  state: z.string(),
  created_at: z.string().nullable(),
});

export const ZConfigErrorDetailSchema = z.object({
  file: z.string(),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  message: z.string(),
  /** Lines of the stored config around `line`; null for errors in other files (orbs). */
  excerpt: z.object({ firstLine: z.number().int(), lines: z.array(z.string()) }).nullable(),
});
export type TConfigErrorDetail = z.infer<typeof ZConfigErrorDetailSchema>;

export const ZRecentPipelinesInputSchema = z
  .object({
    limit: z.number().int().min(1).max(100).default(20),
    projectSlug: ZProjectSlugSchema.optional(),
    branch: z.string().trim().min(1).max(255).optional(),
    status: z
      .enum([
        "created",
        "running",
        "on_hold",
        "failing",
        "success",
        "failed",
        "error",
        "canceled",
        "not_run",
        "unauthorized",
      ])
      .optional(),
  })
  .default({ limit: 20 });
export type TRecentPipelinesInput = z.infer<typeof ZRecentPipelinesInputSchema>;
