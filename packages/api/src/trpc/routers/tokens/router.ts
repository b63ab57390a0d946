import { z } from "zod";
import {
  createViewerApiToken,
  listApiTokens,
  revokeApiToken,
  ZApiTokenNameSchema,
} from "../../../tokens/api-tokens.ts";
import { createTRPCRouter, protectedProcedure } from "../../trpc.ts";

/** The viewer's own API tokens (`Circle-Token`). */
export const tokensRouter = createTRPCRouter({
  list: protectedProcedure
    .output(
      z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          last4: z.string(),
          createdAt: z.string(),
          lastUsedAt: z.string().nullable(),
        }),
      ),
    )
    .query(({ ctx }) => listApiTokens(ctx.services.db, ctx.viewer)),

  /** The token is in this answer only; it is stored hashed. */
  create: protectedProcedure
    .input(z.object({ name: ZApiTokenNameSchema }))
    .output(z.object({ id: z.string(), name: z.string(), token: z.string() }))
    .mutation(({ ctx, input }) => createViewerApiToken(ctx.services.db, ctx.viewer, input.name)),

  revoke: protectedProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .output(z.object({ message: z.string() }))
    .mutation(({ ctx, input }) => revokeApiToken(ctx.services.db, ctx.viewer, input.id)),
});
