import { z } from "zod";
import { listContextsWithProjects } from "../../../contexts/context-projects.ts";
import {
  deleteContextVariable,
  setContextVariable,
  ZContextVariableValueSchema,
} from "../../../contexts/context-variables.ts";
import {
  createContext,
  deleteContext,
  restrictContextToProjects,
} from "../../../contexts/contexts.ts";
import { ZEnvVarNameSchema } from "../../../env-vars/env-var-input.ts";
import { createTRPCRouter, protectedProcedure } from "../../trpc.ts";

const ZIdSchema = z.string().min(1).max(100);
const ZOrganizationSlugSchema = z.string().min(1).max(100);

const ZContextListSchema = z.object({
  organizationSlug: z.string(),
  projects: z.array(z.object({ id: z.string(), slug: z.string() })),
  contexts: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      createdAt: z.string(),
      /** Projects it is restricted to; empty: every project of the organization may use it. */
      projectIds: z.array(z.string()),
      variables: z.array(z.object({ name: z.string(), last4: z.string(), createdAt: z.string() })),
    }),
  ),
});

const ZMessageSchema = z.object({ message: z.string() });

/** Organization-level contexts. Every rule (who may, what is valid) lives in the services. */
export const contextsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(z.object({ organizationSlug: ZOrganizationSlugSchema }))
    .output(ZContextListSchema)
    .query(({ ctx, input }) =>
      listContextsWithProjects(ctx.services, ctx.viewer, input.organizationSlug),
    ),

  create: protectedProcedure
    .input(z.object({ organizationSlug: ZOrganizationSlugSchema, name: z.string().max(200) }))
    .output(z.object({ id: z.string(), name: z.string(), created_at: z.string() }))
    .mutation(({ ctx, input }) =>
      createContext(ctx.services, ctx.viewer, {
        name: input.name,
        owner: { slug: input.organizationSlug },
      }),
    ),

  delete: protectedProcedure
    .input(z.object({ id: ZIdSchema }))
    .output(ZMessageSchema)
    .mutation(({ ctx, input }) => deleteContext(ctx.services, ctx.viewer, input.id)),

  /** Variables are write-only: the answer holds the masked value. */
  setVariable: protectedProcedure
    .input(
      ZContextVariableValueSchema.extend({
        contextId: ZIdSchema,
        name: ZEnvVarNameSchema,
      }).strict(),
    )
    .output(z.object({ variable: z.string(), value: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { variable, value } = await setContextVariable(
        ctx.services,
        ctx.viewer,
        input.contextId,
        input.name,
        input.value,
      );
      return { variable, value };
    }),

  deleteVariable: protectedProcedure
    .input(z.object({ contextId: ZIdSchema, name: ZEnvVarNameSchema }))
    .output(ZMessageSchema)
    .mutation(({ ctx, input }) =>
      deleteContextVariable(ctx.services, ctx.viewer, input.contextId, input.name),
    ),

  /** Which projects may use the context; an empty list opens it to the whole organization. */
  restrictToProjects: protectedProcedure
    .input(z.object({ contextId: ZIdSchema, projectIds: z.array(ZIdSchema).max(1000) }))
    .output(z.object({ context_id: z.string(), project_ids: z.array(z.string()) }))
    .mutation(({ ctx, input }) =>
      restrictContextToProjects(ctx.services, ctx.viewer, input.contextId, input.projectIds),
    ),
});
