import type { Db } from "@cairn/db";
import type { Viewer } from "../access/viewer.ts";
import { ApiError } from "../errors.ts";
import { findVisibleJob } from "./find-visible-job.ts";

/** The one run (parallel copy `index`, default 0) of a job whose output is asked for. */
export async function findJobRun(db: Db, viewer: Viewer, slug: string, number: number, index = 0) {
  const { copies } = await findVisibleJob(db, viewer, slug, number);
  const run = copies.find((copy) => copy.parallelIndex === index);
  if (!run) throw new ApiError("not_found", `Job ${number} has no parallel run ${index}.`);
  return { jobId: run.id, status: run.status, logTruncated: run.logTruncated };
}
