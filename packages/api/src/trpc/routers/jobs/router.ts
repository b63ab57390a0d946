import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "../../trpc.ts";
import { getJobDetail } from "./get-job-detail.ts";
import { listJobRunArtifacts } from "./list-job-run-artifacts.ts";
import { listJobRunTests } from "./list-job-run-tests.ts";
import { ZJobArtifactsSchema, ZJobDetailSchema, ZJobTestsSchema } from "./schemas.ts";

const ZJobIdInput = z.object({ id: z.string().min(1).max(100) });

export const jobsRouter = createTRPCRouter({
  get: protectedProcedure
    .input(ZJobIdInput)
    .output(ZJobDetailSchema)
    .query(({ ctx, input }) =>
      getJobDetail(ctx.services.db, ctx.viewer, input.id, ctx.services.baseUrl),
    ),
  artifacts: protectedProcedure
    .input(ZJobIdInput)
    .output(ZJobArtifactsSchema)
    .query(({ ctx, input }) =>
      listJobRunArtifacts(ctx.services.db, ctx.viewer, input.id, ctx.artifactLinks),
    ),
  tests: protectedProcedure
    .input(ZJobIdInput)
    .output(ZJobTestsSchema)
    .query(({ ctx, input }) => listJobRunTests(ctx.services.db, ctx.viewer, input.id)),
});
