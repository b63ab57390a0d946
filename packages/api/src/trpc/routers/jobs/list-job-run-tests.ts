import type { Db } from "@cairn/db";
import type { Viewer } from "../../../access/viewer.ts";
import { findVisibleJobById } from "./find-visible-job-by-id.ts";
import type { TJobTests } from "./schemas.ts";

// What needs looking at comes first.
const RESULT_ORDER: Record<string, number> = { failure: 0, error: 1, skipped: 2, success: 3 };

/** A job run's test cases, failures and errors first, with a count per result. */
export async function listJobRunTests(db: Db, viewer: Viewer, jobId: string): Promise<TJobTests> {
  const run = await findVisibleJobById(db, viewer, jobId);
  const rows = await db.testCase.findMany({
    where: { jobId: run.id },
    orderBy: [{ classname: "asc" }, { name: "asc" }],
  });
  const cases = rows
    .map((row) => ({
      classname: row.classname,
      name: row.name,
      file: row.file,
      result: row.result,
      runTime: row.runTime,
      message: row.message,
    }))
    .sort((a, b) => (RESULT_ORDER[a.result] ?? 9) - (RESULT_ORDER[b.result] ?? 9));
  const count = (result: string) => cases.filter((testCase) => testCase.result === result).length;
  return {
    counts: {
      total: cases.length,
      success: count("success"),
      failure: count("failure"),
      error: count("error"),
      skipped: count("skipped"),
    },
    cases,
  };
}
