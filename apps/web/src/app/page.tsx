import { redirect } from "next/navigation";
import { currentUser } from "~/server/session.ts";

export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return (
    <section>
      <h1>Dashboard</h1>
      <p data-testid="signed-in-as">Signed in as {user.name ?? user.email}</p>
      <div className="empty">
        <h2>No pipelines yet</h2>
        <p>
          Pipelines of the projects you follow appear here, newest first, as soon as a push arrives.
        </p>
      </div>
    </section>
  );
}
