import { z } from "zod";
import { getProject } from "../../../projects/get-project.ts";
import { createTRPCRouter, protectedProcedure } from "../../trpc.ts";
import { listMyProjects } from "./list-my-projects.ts";
import { ZProjectListItemSchema, ZProjectSchema, ZProjectSlugSchema } from "./schemas.ts";

export const projectsRouter = createTRPCRouter({
  listMine: protectedProcedure
    .output(z.array(ZProjectListItemSchema))
    .query(({ ctx }) => listMyProjects(ctx.services.db, ctx.viewer)),

  get: protectedProcedure
    .input(z.object({ slug: ZProjectSlugSchema }))
    .output(ZProjectSchema)
    .query(({ ctx, input }) => getProject(ctx.services.db, ctx.viewer, input.slug)),
});
