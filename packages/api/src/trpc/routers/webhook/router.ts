import { z } from "zod";
import { getProjectWebhook, regenerateWebhookSecret } from "../../../project-settings/webhook.ts";
import { createTRPCRouter, protectedProcedure } from "../../trpc.ts";
import { ZProjectSlugSchema } from "../projects/schemas.ts";

/** A `git` project's push hook; other providers' webhooks are the app's own. */
export const webhookRouter = createTRPCRouter({
  get: protectedProcedure
    .input(z.object({ slug: ZProjectSlugSchema }))
    .output(z.object({ url: z.string(), hasSecret: z.boolean() }).nullable())
    .query(({ ctx, input }) => getProjectWebhook(ctx.services, ctx.viewer, input.slug)),

  /** The new secret is in this answer only. */
  regenerateSecret: protectedProcedure
    .input(z.object({ slug: ZProjectSlugSchema }))
    .output(z.object({ url: z.string(), secret: z.string() }))
    .mutation(({ ctx, input }) => regenerateWebhookSecret(ctx.services, ctx.viewer, input.slug)),
});
