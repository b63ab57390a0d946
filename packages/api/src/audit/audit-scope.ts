import type { Db, Prisma } from "@cairn/db";
import type { Viewer } from "../access/viewer.ts";
import { ApiError } from "../errors.ts";

/**
 * Which audit events a viewer may read: an installation administrator all of them; an
 * owner or admin of organizations, those organizations' events. Anyone else may not read
 * the audit log at all, and learns nothing about it (not_found, like a page that does not
 * exist).
 */
export async function auditScope(db: Db, viewer: Viewer): Promise<Prisma.AuditEventWhereInput> {
  if (viewer.isAdmin) return {};
  const managed = await db.membership.findMany({
    where: { userId: viewer.id, role: { in: ["owner", "admin"] } },
    select: { organizationId: true },
  });
  if (managed.length === 0) throw new ApiError("not_found", "Not found");
  return { organizationId: { in: managed.map((m) => m.organizationId) } };
}

/** Whether the viewer may open the audit log (pages that hide the link or answer 404). */
export async function canReadAuditLog(db: Db, viewer: Viewer): Promise<boolean> {
  try {
    await auditScope(db, viewer);
    return true;
  } catch (error) {
    if (error instanceof ApiError) return false;
    throw error;
  }
}
