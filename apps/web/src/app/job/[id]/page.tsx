import { JobView } from "~/components/job-view.tsx";
import { requireUser } from "~/trpc/require-user.ts";

export const dynamic = "force-dynamic";

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  return (
    <section>
      <JobView id={(await params).id} />
    </section>
  );
}
