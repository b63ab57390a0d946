import type { Db } from "@cairn/db";
import type { Viewer } from "../access/viewer.ts";
import { ApiError } from "../errors.ts";
import { ensurePersonalOrganization } from "../organizations/ensure-personal-organization.ts";

const ORGANIZATION_NOT_FOUND = "Organization not found";

async function organizationBySlug(db: Db, viewer: Viewer, slug: string) {
  const organization =
    slug.length <= 100 ? await db.organization.findUnique({ where: { slug } }) : null;
  if (!organization) throw new ApiError("not_found", ORGANIZATION_NOT_FOUND);
  if (viewer.isAdmin) return { organization, role: "owner" as const };
  const membership = await db.membership.findUnique({
    where: { userId_organizationId: { userId: viewer.id, organizationId: organization.id } },
  });
  // Outsiders learn nothing about which organizations exist.
  if (!membership) throw new ApiError("not_found", ORGANIZATION_NOT_FOUND);
  return { organization, role: membership.role };
}

/** The organization whose contexts the viewer lists: the one named, else their own. */
export async function visibleOwner(db: Db, viewer: Viewer, slug: string | undefined) {
  if (slug === undefined) return ensurePersonalOrganization(db, viewer);
  return (await organizationBySlug(db, viewer, slug)).organization;
}

/** The organization a new context goes to: the one named if the viewer runs it, else their own. */
export async function manageableOwner(db: Db, viewer: Viewer, slug: string | undefined) {
  if (slug === undefined) return ensurePersonalOrganization(db, viewer);
  const { organization, role } = await organizationBySlug(db, viewer, slug);
  if (role === "member") {
    throw new ApiError("forbidden", "Only an owner or admin of the organization can add contexts");
  }
  return organization;
}
