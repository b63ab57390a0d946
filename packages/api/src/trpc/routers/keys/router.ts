import { z } from "zod";
import { getDeployKey, regenerateDeployKey } from "../../../project-settings/deploy-key.ts";
import { createTRPCRouter, protectedProcedure } from "../../trpc.ts";
import { ZProjectSlugSchema } from "../projects/schemas.ts";

/** Only the public half ever leaves the server. */
const ZDeployKeySchema = z.object({
  publicKey: z.string(),
  fingerprint: z.string(),
  createdAt: z.string(),
});

export const keysRouter = createTRPCRouter({
  checkoutKey: protectedProcedure
    .input(z.object({ slug: ZProjectSlugSchema }))
    .output(ZDeployKeySchema.nullable())
    .query(({ ctx, input }) => getDeployKey(ctx.services, ctx.viewer, input.slug)),

  regenerateCheckoutKey: protectedProcedure
    .input(z.object({ slug: ZProjectSlugSchema }))
    .output(ZDeployKeySchema)
    .mutation(({ ctx, input }) => regenerateDeployKey(ctx.services, ctx.viewer, input.slug)),
});
