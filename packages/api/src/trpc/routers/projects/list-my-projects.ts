import type { Db } from "@cairn/db";
import type { Viewer } from "../../../access/viewer.ts";
import { visibleProjectsFilter } from "../visible-projects-filter.ts";
import type { TProjectListItem } from "./schemas.ts";

const MAX_PROJECTS = 200;

/** The projects the viewer may see, by slug. */
export async function listMyProjects(db: Db, viewer: Viewer): Promise<TProjectListItem[]> {
  const projects = await db.project.findMany({
    where: visibleProjectsFilter(viewer),
    include: { organization: { select: { name: true } } },
    orderBy: { slug: "asc" },
    take: MAX_PROJECTS,
  });
  return projects.map((project) => ({
    slug: project.slug,
    name: project.name,
    organizationName: project.organization.name,
    defaultBranch: project.defaultBranch,
  }));
}
