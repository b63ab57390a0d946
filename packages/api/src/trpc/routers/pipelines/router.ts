import { z } from "zod";
import { triggerProjectPipeline } from "../../../pipelines/trigger-project-pipeline.ts";
import { createTRPCRouter, protectedProcedure } from "../../trpc.ts";
import { ZProjectSlugSchema } from "../projects/schemas.ts";
import { getConfigErrorDetails } from "./config-error-excerpts.ts";
import { getPipelineDetail } from "./get-pipeline-detail.ts";
import { listProjectPipelinePage } from "./list-project-pipeline-page.ts";
import { listRecentPipelines } from "./list-recent-pipelines.ts";
import {
  ZConfigErrorDetailSchema,
  ZPipelineDetailSchema,
  ZPipelinePageSchema,
  ZPipelineSummarySchema,
  ZRecentPipelinesInputSchema,
  ZTriggeredPipelineSchema,
  ZTriggerInputSchema,
} from "./schemas.ts";

export const pipelinesRouter = createTRPCRouter({
  recent: protectedProcedure
    .input(ZRecentPipelinesInputSchema)
    .output(z.array(ZPipelineSummarySchema))
    .query(({ ctx, input }) => listRecentPipelines(ctx.services.db, ctx.viewer, input)),

  listByProject: protectedProcedure
    .input(z.object({ slug: ZProjectSlugSchema, cursor: z.string().max(200).optional() }))
    .output(ZPipelinePageSchema)
    .query(({ ctx, input }) =>
      listProjectPipelinePage(ctx.services.db, ctx.viewer, input.slug, input.cursor),
    ),

  get: protectedProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .output(ZPipelineDetailSchema)
    .query(({ ctx, input }) => getPipelineDetail(ctx.services.db, ctx.viewer, input.id)),

  /** Each config error with its line and the stored source around it. */
  configErrors: protectedProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .output(z.array(ZConfigErrorDetailSchema))
    .query(({ ctx, input }) => getConfigErrorDetails(ctx.services.db, ctx.viewer, input.id)),

  trigger: protectedProcedure
    .input(ZTriggerInputSchema)
    .output(ZTriggeredPipelineSchema)
    .mutation(({ ctx, input }) => {
      const { slug, ...body } = input;
      return triggerProjectPipeline(ctx.services, ctx.viewer, slug, body);
    }),
});
