import type { Db } from "@cairn/db";
import { ApiError } from "../errors.ts";
import { findVisibleProject } from "./find-visible-project.ts";
import { isManagerRole, organizationRole } from "./organization-role.ts";
import type { Viewer } from "./viewer.ts";

/**
 * A project whose settings the viewer may change: an installation administrator, or an
 * owner or admin of its organization. A plain member sees the project but gets forbidden;
 * anyone else gets the same not_found as for an unknown slug.
 */
export async function findManageableProject(db: Db, viewer: Viewer, slug: string) {
  const project = await findVisibleProject(db, viewer, slug);
  if (!(await canManageProject(db, viewer, project))) {
    throw new ApiError(
      "forbidden",
      "Only an owner or admin of the organization can change this project's settings.",
    );
  }
  return project;
}

/** Whether the viewer may change a visible project's settings (pages hide buttons by it). */
export async function canManageProject(
  db: Db,
  viewer: Viewer,
  project: { organizationId: string },
): Promise<boolean> {
  return isManagerRole(await organizationRole(db, viewer, project.organizationId));
}
