import { JobSshPanel } from "~/components/job-ssh/job-ssh-panel.tsx";
import { JobView } from "~/components/job-view.tsx";
import { requireUser } from "~/trpc/require-user.ts";

export const dynamic = "force-dynamic";

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  const { id } = await params;
  return (
    <section>
      <JobView id={id} />
      <JobSshPanel jobId={id} />
    </section>
  );
}
