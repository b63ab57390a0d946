import { notFound } from "next/navigation";
import { AuditLog } from "~/components/audit-log.tsx";
import { mayReadAuditLog } from "~/server/visibility.ts";
import { requireUser } from "~/trpc/require-user.ts";

export const dynamic = "force-dynamic";

/**
 * The audit log. Same rule as the API (`audit.list`): installation administrators, and
 * owners or admins of an organization for its events; anyone else gets the not-found page.
 */
export default async function AuditLogPage() {
  const user = await requireUser();
  if (!(await mayReadAuditLog(user))) notFound();
  return (
    <section>
      <h1>Audit log</h1>
      <p className="muted">
        Who changed or used secrets, contexts, project settings, API tokens and approvals, and who
        signed in: when, from where, and whether it succeeded.
      </p>
      <AuditLog />
    </section>
  );
}
