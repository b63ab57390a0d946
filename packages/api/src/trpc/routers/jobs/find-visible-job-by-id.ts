import type { Db } from "@cairn/db";
import { canSeeOrganization } from "../../../access/can-see-organization.ts";
import type { Viewer } from "../../../access/viewer.ts";
import { ApiError } from "../../../errors.ts";

const MAX_ID_LENGTH = 100;

/** One job run by id, with its project's slug, if the viewer may see it; else not_found. */
export async function findVisibleJobById(db: Db, viewer: Viewer, jobId: string) {
  const job =
    jobId.length <= MAX_ID_LENGTH
      ? await db.job.findUnique({
          where: { id: jobId },
          include: { project: { select: { slug: true, organizationId: true } } },
        })
      : null;
  if (!job || !(await canSeeOrganization(db, viewer, job.project.organizationId))) {
    throw new ApiError("not_found", "Job not found");
  }
  return job;
}
