import { z } from "zod";
import { approveVisibleJob } from "../../../workflows/approve-visible-job.ts";
import { cancelVisibleWorkflow } from "../../../workflows/cancel-visible-workflow.ts";
import { rerunVisibleWorkflow } from "../../../workflows/rerun-visible-workflow.ts";
import { createTRPCRouter, protectedProcedure } from "../../trpc.ts";
import { cancelJobRun, rerunJobRun } from "./job-run-actions.ts";

const ZIdSchema = z.string().min(1).max(100);
const ZRerunAnswerSchema = z.object({ workflowId: z.string() });

/** What the pipeline and job pages change; the queue decides what is allowed when. */
export const workflowsRouter = createTRPCRouter({
  cancel: protectedProcedure
    .input(z.object({ id: ZIdSchema }))
    .output(z.object({ canceledJobIds: z.array(z.string()) }))
    .mutation(async ({ ctx, input }) => {
      const result = await cancelVisibleWorkflow(ctx.services.db, ctx.viewer, input.id);
      return { canceledJobIds: result.canceled_job_ids };
    }),

  /** A new workflow: all of it, or (fromFailed) the jobs that did not succeed and their dependents. */
  rerun: protectedProcedure
    .input(z.object({ id: ZIdSchema, fromFailed: z.boolean().default(false) }))
    .output(ZRerunAnswerSchema)
    .mutation(async ({ ctx, input }) => {
      const result = await rerunVisibleWorkflow(ctx.services.db, ctx.viewer, input.id, {
        from_failed: input.fromFailed,
      });
      return { workflowId: result.workflow_id };
    }),

  approve: protectedProcedure
    .input(z.object({ id: ZIdSchema, jobId: ZIdSchema }))
    .output(z.object({ message: z.string() }))
    .mutation(({ ctx, input }) =>
      approveVisibleJob(ctx.services.db, ctx.viewer, input.id, input.jobId),
    ),

  cancelJob: protectedProcedure
    .input(z.object({ jobId: ZIdSchema }))
    .output(z.object({ canceledJobIds: z.array(z.string()) }))
    .mutation(({ ctx, input }) => cancelJobRun(ctx.services.db, ctx.viewer, input.jobId)),

  rerunJob: protectedProcedure
    .input(z.object({ jobId: ZIdSchema }))
    .output(ZRerunAnswerSchema)
    .mutation(({ ctx, input }) => rerunJobRun(ctx.services.db, ctx.viewer, input.jobId)),
});
