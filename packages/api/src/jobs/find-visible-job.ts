import type { Db } from "@cairn/db";
import { findVisibleProject } from "../access/find-visible-project.ts";
import type { Viewer } from "../access/viewer.ts";
import { ApiError } from "../errors.ts";

/** A job number from a URL: a positive whole number, else invalid_input. */
export function parseJobNumber(text: string): number {
  const number = /^[1-9][0-9]{0,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(number) || number > 2 ** 31 - 1) {
    throw new ApiError("invalid_input", "The job number must be a positive whole number.");
  }
  return number;
}

/** Every parallel copy (lowest index first) of a project's job number the viewer may see. */
export async function findVisibleJob(db: Db, viewer: Viewer, slug: string, number: number) {
  const project = await findVisibleProject(db, viewer, slug);
  const copies = await db.job.findMany({
    where: { projectId: project.id, number },
    orderBy: { parallelIndex: "asc" },
    include: { steps: { orderBy: { index: "asc" } }, workflow: true },
  });
  const [first, ...others] = copies;
  if (!first) throw new ApiError("not_found", "Job not found");
  return { project, copies: [first, ...others] as const };
}
