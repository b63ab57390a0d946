import { PipelineView } from "~/components/pipeline-view.tsx";
import { requireUser } from "~/trpc/require-user.ts";

export const dynamic = "force-dynamic";

export default async function PipelinePage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  return (
    <section>
      <PipelineView id={(await params).id} />
    </section>
  );
}
