import type { Db } from "@cairn/db";
import { ApiError } from "../errors.ts";
import { findVisibleProject } from "./find-visible-project.ts";
import type { Viewer } from "./viewer.ts";

/**
 * A project whose settings the viewer may change: an installation administrator, or an
 * owner or admin of its organization. A plain member sees the project but gets forbidden;
 * anyone else gets the same not_found as for an unknown slug.
 */
export async function findManageableProject(db: Db, viewer: Viewer, slug: string) {
  const project = await findVisibleProject(db, viewer, slug);
  if (viewer.isAdmin) return project;
  const membership = await db.membership.findUnique({
    where: { userId_organizationId: { userId: viewer.id, organizationId: project.organizationId } },
    select: { role: true },
  });
  if (membership?.role !== "owner" && membership?.role !== "admin") {
    throw new ApiError(
      "forbidden",
      "Only an owner or admin of the organization can change this project's settings.",
    );
  }
  return project;
}

/** Whether the viewer may change the project's settings (for pages that hide buttons). */
export async function canManageProject(db: Db, viewer: Viewer, slug: string) {
  try {
    await findManageableProject(db, viewer, slug);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.code === "forbidden") return false;
    throw error;
  }
}
