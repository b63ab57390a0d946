import { z } from "zod";
import {
  getProjectSettings,
  updateForkPolicy,
  ZForkPolicySchema,
} from "../../../project-settings/fork-policy.ts";
import { createTRPCRouter, protectedProcedure } from "../../trpc.ts";
import { ZProjectSlugSchema } from "../projects/schemas.ts";

const ZProjectSettingsSchema = z.object({
  slug: z.string(),
  name: z.string(),
  provider: z.string(),
  organizationSlug: z.string(),
  forkPolicy: ZForkPolicySchema,
  /** Whether the viewer may change settings (owner or admin of the organization). */
  canManage: z.boolean(),
});

export const settingsRouter = createTRPCRouter({
  get: protectedProcedure
    .input(z.object({ slug: ZProjectSlugSchema }))
    .output(ZProjectSettingsSchema)
    .query(({ ctx, input }) => getProjectSettings(ctx.services.db, ctx.viewer, input.slug)),

  updateForkPolicy: protectedProcedure
    .input(z.object({ slug: ZProjectSlugSchema, policy: ZForkPolicySchema }).strict())
    .output(ZForkPolicySchema)
    .mutation(({ ctx, input }) =>
      updateForkPolicy(ctx.services.db, ctx.viewer, input.slug, input.policy),
    ),
});
