import { db } from "~/server/db.ts";
import { currentUser } from "~/server/session.ts";

/** "Audit log" in the top bar, for those who may read it (administrators, organization owners and admins). */
export async function AuditLogLink() {
  const user = await currentUser();
  if (!user) return null;
  const manages =
    user.isAdmin ||
    (await db().membership.findFirst({
      where: { userId: user.id, role: { in: ["owner", "admin"] } },
      select: { id: true },
    })) !== null;
  return manages ? (
    <a href="/admin/audit" data-testid="audit-log-link">
      Audit log
    </a>
  ) : null;
}
