import type { Db, Prisma } from "@cairn/db";
import { rerunWorkflow } from "@cairn/queue";
import { mayOpenShell } from "@cairn/ssh-gateway/access";
import { z } from "zod";
import type { Viewer } from "../access/viewer.ts";
import { ApiError } from "../errors.ts";
import { withQueueErrors } from "../queue-errors.ts";
import { findVisibleJobById } from "../trpc/routers/jobs/find-visible-job-by-id.ts";

/** The job's `ssh` field while its window is open (written by the worker's gateway). */
export const ZJobSshAccessSchema = z.object({
  host: z.string(),
  port: z.number().int(),
  user: z.string(),
  command: z.string(),
  hostKeyFingerprint: z.string(),
  expiresAt: z.string(),
  maxExpiresAt: z.string(),
});
export type TJobSshAccess = z.infer<typeof ZJobSshAccessSchema>;

/** The open window of a job, or null (never set, closed, or written by an older worker). */
export function openSshAccess(ssh: Prisma.JsonValue | null): TJobSshAccess | null {
  const parsed = ZJobSshAccessSchema.safeParse(ssh);
  return parsed.success ? parsed.data : null;
}

export const ZJobSshStateSchema = z.object({
  /** This run was a rerun with SSH. */
  requested: z.boolean(),
  /** The viewer may open a shell (who asked for it, or a project admin). */
  mayConnect: z.boolean(),
  /** Set while the window is open. */
  access: ZJobSshAccessSchema.nullable(),
});
export type TJobSshState = z.infer<typeof ZJobSshStateSchema>;

/** What the job page shows about SSH for one job run. */
export async function getJobSshState(db: Db, viewer: Viewer, jobId: string): Promise<TJobSshState> {
  const job = await findVisibleJobById(db, viewer, jobId);
  const requested = job.sshRequestedById !== null;
  return {
    requested,
    mayConnect: requested && (await mayOpenShell(db, viewer.id, job.id)),
    access: openSshAccess(job.ssh),
  };
}

/**
 * "Rerun job with SSH": the job's workflow again, this job (with its dependents) rerun and
 * kept up for the viewer's SSH sessions after its steps. Answers the new run of this job.
 */
export async function rerunJobWithSsh(db: Db, viewer: Viewer, jobId: string) {
  const job = await findVisibleJobById(db, viewer, jobId);
  if (job.type !== "build" || job.number === null) {
    throw new ApiError("invalid_input", "Only a job that ran steps can be rerun with SSH.");
  }
  const result = await withQueueErrors(() =>
    rerunWorkflow(db, job.workflowId, {
      jobIds: [job.id],
      enableSsh: true,
      startedById: viewer.id,
    }),
  );
  const rerun = await db.job.findFirst({
    where: { workflowId: result.workflowId, name: job.name, parallelIndex: job.parallelIndex },
    select: { id: true },
  });
  return { workflowId: result.workflowId, jobId: rerun?.id ?? null };
}
