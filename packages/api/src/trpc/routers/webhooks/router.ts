import { z } from "zod";
import {
  getProviderStatus,
  listWebhookDeliveries,
  redeliverWebhook,
} from "../../../hooks/webhook-deliveries.ts";
import { createTRPCRouter, protectedProcedure } from "../../trpc.ts";
import { ZProjectSlugSchema } from "../projects/schemas.ts";

const ZWebhookDeliverySchema = z.object({
  id: z.string(),
  provider: z.string(),
  deliveryId: z.string(),
  event: z.string(),
  state: z.enum(["received", "processing", "processed", "failed"]),
  outcome: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  pipelineId: z.string().nullable(),
  receivedAt: z.date(),
  processedAt: z.date().nullable(),
});

const ZDeliveryResultSchema = z.discriminatedUnion("state", [
  z.object({
    state: z.literal("processed"),
    outcome: z.string(),
    pipelineId: z.string().optional(),
  }),
  z.object({ state: z.literal("failed"), error: z.string() }),
]);

/** Deliveries from GitHub, GitLab and Bitbucket: the recent ones, and redelivering a failed one. */
export const webhooksRouter = createTRPCRouter({
  deliveries: protectedProcedure
    .input(
      z.object({ slug: ZProjectSlugSchema, limit: z.number().int().min(1).max(100).optional() }),
    )
    .output(z.array(ZWebhookDeliverySchema))
    .query(({ ctx, input }) =>
      listWebhookDeliveries(ctx.services.db, ctx.viewer, input.slug, { limit: input.limit }),
    ),

  /** The last failed call to the provider's API, shown on the project page. */
  providerStatus: protectedProcedure
    .input(z.object({ slug: ZProjectSlugSchema }))
    .output(
      z.object({
        provider: z.string(),
        error: z.string().nullable(),
        errorAt: z.date().nullable(),
      }),
    )
    .query(({ ctx, input }) => getProviderStatus(ctx.services.db, ctx.viewer, input.slug)),

  redeliver: protectedProcedure
    .input(z.object({ slug: ZProjectSlugSchema, id: z.string().uuid() }).strict())
    .output(ZDeliveryResultSchema)
    .mutation(({ ctx, input }) => redeliverWebhook(ctx.services, ctx.viewer, input.slug, input.id)),
});
