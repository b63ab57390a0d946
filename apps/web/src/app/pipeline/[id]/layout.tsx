import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { canSeePipeline } from "~/server/visibility.ts";
import { requireUser } from "~/trpc/require-user.ts";

export const dynamic = "force-dynamic";

/** An unknown or invisible pipeline answers 404 before its page is rendered. */
export default async function PipelineLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const user = await requireUser();
  if (!(await canSeePipeline(user, (await params).id))) notFound();
  return children;
}
