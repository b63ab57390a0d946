import type { Db } from "@cairn/db";
import type { Viewer } from "../access/viewer.ts";
import { findVisibleJob } from "./find-visible-job.ts";

/** CircleCI's test metadata item. */
export interface JobTestItem {
  classname: string;
  name: string;
  file: string;
  result: string;
  /** Seconds. */
  run_time: number;
  message: string;
}

/**
 * `GET /project/{slug}/{job-number}/tests`: the JUnit test cases `store_test_results`
 * recorded for every parallel run of a job the viewer may see.
 */
export async function listJobTests(
  db: Db,
  viewer: Viewer,
  slug: string,
  jobNumber: number,
): Promise<{ items: JobTestItem[]; next_page_token: null }> {
  const { copies } = await findVisibleJob(db, viewer, slug, jobNumber);
  const rows = await db.testCase.findMany({
    where: { jobId: { in: copies.map((copy) => copy.id) } },
    orderBy: [{ classname: "asc" }, { name: "asc" }],
  });
  const items = rows.map((row) => ({
    classname: row.classname,
    name: row.name,
    file: row.file ?? "",
    result: row.result,
    run_time: row.runTime,
    message: row.message ?? "",
  }));
  return { items, next_page_token: null };
}
