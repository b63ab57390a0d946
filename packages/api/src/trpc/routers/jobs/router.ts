import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "../../trpc.ts";
import { getJobDetail } from "./get-job-detail.ts";
import { ZJobDetailSchema } from "./schemas.ts";

export const jobsRouter = createTRPCRouter({
  get: protectedProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .output(ZJobDetailSchema)
    .query(({ ctx, input }) =>
      getJobDetail(ctx.services.db, ctx.viewer, input.id, ctx.services.baseUrl),
    ),
});
