import { notFound } from "next/navigation";
import { ProjectView } from "~/components/project-view.tsx";
import { requireUser } from "~/trpc/require-user.ts";

export const dynamic = "force-dynamic";

export default async function ProjectPage({ params }: { params: Promise<{ slug: string[] }> }) {
  await requireUser();
  const segments = (await params).slug.map(decodeURIComponent);
  // A project slug is provider/organization/name.
  if (segments.length !== 3) notFound();
  return (
    <section>
      <ProjectView slug={segments.join("/")} />
    </section>
  );
}
