import { notFound } from "next/navigation";
import { ProjectSettings } from "~/components/project-settings/project-settings.tsx";
import { ProjectView } from "~/components/project-view.tsx";
import { requireUser } from "~/trpc/require-user.ts";

export const dynamic = "force-dynamic";

export default async function ProjectPage({ params }: { params: Promise<{ slug: string[] }> }) {
  await requireUser();
  const segments = (await params).slug.map(decodeURIComponent);
  // A project slug is provider/organization/name; `…/settings` is its settings page.
  if (segments.length === 4 && segments[3] === "settings") {
    return (
      <section>
        <ProjectSettings slug={segments.slice(0, 3).join("/")} />
      </section>
    );
  }
  if (segments.length !== 3) notFound();
  return (
    <section>
      <ProjectView slug={segments.join("/")} />
    </section>
  );
}
