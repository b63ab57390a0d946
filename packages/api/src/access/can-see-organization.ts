import type { Db } from "@cairn/db";
import type { Viewer } from "./viewer.ts";

/** An installation administrator sees everything; anyone else, their organizations only. */
export async function canSeeOrganization(
  db: Db,
  viewer: Viewer,
  organizationId: string,
): Promise<boolean> {
  if (viewer.isAdmin) return true;
  const membership = await db.membership.findUnique({
    where: { userId_organizationId: { userId: viewer.id, organizationId } },
    select: { id: true },
  });
  return membership !== null;
}
