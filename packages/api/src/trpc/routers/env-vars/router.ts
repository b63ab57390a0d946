import { z } from "zod";
import { ZCreateEnvVarSchema, ZEnvVarNameSchema } from "../../../env-vars/env-var-input.ts";
import { listEnvVarDetails } from "../../../env-vars/list-env-var-details.ts";
import { deleteProjectEnvVar, upsertProjectEnvVar } from "../../../env-vars/project-env-vars.ts";
import { createTRPCRouter, protectedProcedure } from "../../trpc.ts";
import { ZProjectSlugSchema } from "../projects/schemas.ts";

/** What the page shows of a variable: never its value. */
const ZEnvVarRowSchema = z.object({
  name: z.string(),
  last4: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const envVarsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(z.object({ slug: ZProjectSlugSchema }))
    .output(z.array(ZEnvVarRowSchema))
    .query(({ ctx, input }) => listEnvVarDetails(ctx.services.db, ctx.viewer, input.slug)),

  /** Creates the variable or replaces its value; answers with the masked form only. */
  set: protectedProcedure
    .input(ZCreateEnvVarSchema.extend({ slug: ZProjectSlugSchema }).strict())
    .output(z.object({ name: z.string(), value: z.string() }))
    .mutation(({ ctx, input }) => {
      const { slug, ...variable } = input;
      return upsertProjectEnvVar(ctx.services, ctx.viewer, slug, variable);
    }),

  delete: protectedProcedure
    .input(z.object({ slug: ZProjectSlugSchema, name: ZEnvVarNameSchema }))
    .output(z.object({ message: z.string() }))
    .mutation(({ ctx, input }) =>
      deleteProjectEnvVar(ctx.services.db, ctx.viewer, input.slug, input.name),
    ),
});
