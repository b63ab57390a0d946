import type { Db } from "@cairn/db";
import { ApiError } from "../errors.ts";
import { canSeeOrganization } from "./can-see-organization.ts";
import { PROJECT_NOT_FOUND, type Viewer } from "./viewer.ts";

const SLUG_PATTERN = /^[a-z]{2,9}\/[^/\s]{1,100}\/[^/\s]{1,100}$/;

/** The project behind a slug (`git/acme/api`) that the viewer may see; else not_found. */
export async function findVisibleProject(db: Db, viewer: Viewer, slug: string) {
  const project = SLUG_PATTERN.test(slug)
    ? await db.project.findUnique({ where: { slug }, include: { organization: true } })
    : null;
  if (!project || !(await canSeeOrganization(db, viewer, project.organizationId))) {
    throw new ApiError("not_found", PROJECT_NOT_FOUND);
  }
  return project;
}

export type VisibleProject = Awaited<ReturnType<typeof findVisibleProject>>;
