import type { Db } from "@cairn/db";

/** Everything about a leased job that its run needs, read once at the start. */
export async function loadJobContext(db: Db, jobId: string) {
  const job = await db.job.findUniqueOrThrow({
    where: { id: jobId },
    include: { workflow: { include: { pipeline: true } }, project: true },
  });
  const { workflow, project } = job;
  return { job, workflow, pipeline: workflow.pipeline, project };
}

export type JobContext = Awaited<ReturnType<typeof loadJobContext>>;
