import type { Db, MembershipRole } from "@cairn/db";
import type { Viewer } from "./viewer.ts";

/** The viewer's role in an organization (an installation administrator counts as owner). */
export async function organizationRole(
  db: Db,
  viewer: Viewer,
  organizationId: string,
): Promise<MembershipRole | null> {
  if (viewer.isAdmin) return "owner";
  const membership = await db.membership.findUnique({
    where: { userId_organizationId: { userId: viewer.id, organizationId } },
    select: { role: true },
  });
  return membership?.role ?? null;
}

/** Owners and admins manage an organization's groups and who may use its contexts. */
export const isManagerRole = (role: MembershipRole | null) => role === "owner" || role === "admin";
