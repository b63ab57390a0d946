import { Dashboard } from "~/components/dashboard.tsx";
import { db } from "~/server/db.ts";
import { requireUser } from "~/trpc/require-user.ts";

export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  const user = await requireUser();
  // Decided here so that a new installation's empty state is in the first HTML; the list
  // itself loads in the browser. Same rule as the API: administrators see every project.
  const anyPipeline = await db().pipeline.findFirst({
    where: user.isAdmin
      ? {}
      : { project: { organization: { memberships: { some: { userId: user.id } } } } },
    select: { id: true },
  });
  return (
    <section>
      <h1>Dashboard</h1>
      <p data-testid="signed-in-as">Signed in as {user.name ?? user.email}</p>
      {anyPipeline ? (
        <Dashboard />
      ) : (
        <div className="empty">
          <h2>No pipelines yet</h2>
          <p>
            Pipelines of the projects you follow appear here, newest first, as soon as a push
            arrives.
          </p>
        </div>
      )}
    </section>
  );
}
