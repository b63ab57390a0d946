import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { canSeeProject } from "~/server/visibility.ts";
import { requireUser } from "~/trpc/require-user.ts";

export const dynamic = "force-dynamic";

/**
 * `/project/<provider>/<org>/<name>` and its `/settings`: an unknown or invisible project
 * answers 404 before the page is rendered.
 */
export default async function ProjectLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string[] }>;
}) {
  const user = await requireUser();
  const segments = decodedSegments((await params).slug);
  const isProject = segments?.length === 3;
  const isSettings = segments?.length === 4 && segments[3] === "settings";
  if (
    !segments ||
    !(isProject || isSettings) ||
    !(await canSeeProject(user, segments.slice(0, 3).join("/")))
  ) {
    notFound();
  }
  return children;
}

/** The path's segments decoded; null for a malformed escape (nothing can be found there). */
function decodedSegments(raw: string[]) {
  try {
    return raw.map(decodeURIComponent);
  } catch {
    return null;
  }
}
