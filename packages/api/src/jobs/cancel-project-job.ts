import type { Db } from "@cairn/db";
import { cancelJob } from "@cairn/queue";
import type { Viewer } from "../access/viewer.ts";
import { withQueueErrors } from "../queue-errors.ts";
import { findVisibleJob } from "./find-visible-job.ts";

/** `POST /api/v2/project/{slug}/job/{number}/cancel`: every parallel copy, unless it ended. */
export async function cancelProjectJob(db: Db, viewer: Viewer, slug: string, number: number) {
  const { copies } = await findVisibleJob(db, viewer, slug, number);
  const result = await withQueueErrors(() => cancelJob(db, copies[0].id));
  return { message: "Accepted.", canceled_job_ids: result.canceledJobIds };
}
