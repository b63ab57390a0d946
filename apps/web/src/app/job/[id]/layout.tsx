import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { canSeeJob } from "~/server/visibility.ts";
import { requireUser } from "~/trpc/require-user.ts";

export const dynamic = "force-dynamic";

/** An unknown or invisible job answers 404 before its page is rendered. */
export default async function JobLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const user = await requireUser();
  if (!(await canSeeJob(user, (await params).id))) notFound();
  return children;
}
