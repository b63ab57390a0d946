import type { Db } from "@cairn/db";

/**
 * Who may open a shell in a rerun-with-SSH job: the user who asked for it, the
 * administrators (owner or admin) of the project's organization, and installation
 * administrators. Nobody for a job that was not rerun with SSH. The SSH gateway and the
 * browser terminal both ask this, so the two ways in can never disagree.
 */
export async function mayOpenShell(db: Db, userId: string, jobId: string): Promise<boolean> {
  const job = await db.job.findUnique({
    where: { id: jobId },
    select: { sshRequestedById: true, project: { select: { organizationId: true } } },
  });
  if (!job?.sshRequestedById) return false;
  if (job.sshRequestedById === userId) return true;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      isAdmin: true,
      memberships: {
        where: { organizationId: job.project.organizationId, role: { in: ["owner", "admin"] } },
        select: { id: true },
      },
    },
  });
  return user !== null && (user.isAdmin || user.memberships.length > 0);
}
