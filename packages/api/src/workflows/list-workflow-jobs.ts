import type { Db, Job } from "@cairn/db";
import { findVisibleWorkflow } from "../access/find-visible-pipeline.ts";
import type { Viewer } from "../access/viewer.ts";
import { type JobCopies, presentWorkflowJob } from "../presenters/present-job.ts";

/** Rows of a workflow grouped per job (the parallel copies of one job share its name). */
function groupCopies(rows: readonly Job[]): JobCopies[] {
  const byName = new Map<string, Job[]>();
  for (const row of rows) {
    const copies = byName.get(row.name);
    if (copies) copies.push(row);
    else byName.set(row.name, [row]);
  }
  return [...byName.values()] as unknown as JobCopies[];
}

/** `GET /api/v2/workflow/{id}/job`: one item per job, in the order they were planned. */
export async function listWorkflowJobs(db: Db, viewer: Viewer, workflowId: string) {
  const workflow = await findVisibleWorkflow(db, viewer, workflowId);
  const rows = await db.job.findMany({
    where: { workflowId: workflow.id },
    orderBy: [{ createdAt: "asc" }, { name: "asc" }, { parallelIndex: "asc" }],
  });
  const jobs = groupCopies(rows);
  const idsByName = new Map(jobs.map(([first]) => [first.name, first.id]));
  const slug = workflow.pipeline.project.slug;
  return {
    items: jobs.map((copies) => presentWorkflowJob(copies, idsByName, slug)),
    next_page_token: null,
  };
}
