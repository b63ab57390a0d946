import { notFound } from "next/navigation";
import { InviteUsers } from "~/components/invite-users.tsx";
import { requireUser } from "~/trpc/require-user.ts";

export const dynamic = "force-dynamic";

/** Installation administrators invite people; anyone else finds no such page. */
export default async function InvitationsPage() {
  const user = await requireUser();
  if (!user.isAdmin) notFound();
  return (
    <section>
      <h1>Invite users</h1>
      <InviteUsers />
    </section>
  );
}
