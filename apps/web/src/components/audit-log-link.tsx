import { currentUser } from "~/server/session.ts";
import { mayReadAuditLog } from "~/server/visibility.ts";

/** "Audit log" in the top bar, for those who may read it (administrators, organization owners and admins). */
export async function AuditLogLink() {
  const user = await currentUser();
  if (!user) return null;
  return (await mayReadAuditLog(user)) ? (
    <a href="/admin/audit" data-testid="audit-log-link">
      Audit log
    </a>
  ) : null;
}
