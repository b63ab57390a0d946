import type { Prisma } from "@cairn/db";
import type { Viewer } from "../../access/viewer.ts";

/**
 * The projects a viewer may see, as a query filter: the same rule as canSeeOrganization
 * (administrators see all, others their organizations'), for listings across projects.
 */
export function visibleProjectsFilter(viewer: Viewer): Prisma.ProjectWhereInput {
  return viewer.isAdmin ? {} : { organization: { memberships: { some: { userId: viewer.id } } } };
}
