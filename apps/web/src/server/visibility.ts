import type { Prisma, User } from "@cairn/db";
import { db } from "./db.ts";

// The pages' own check, before any HTML is sent, so that an unknown or invisible id is an
// HTTP 404 (not a 200 page that says "not found"). Same rule as the API's
// canSeeOrganization: administrators see everything, others their organizations' projects.
// (The API package cannot be bundled into server components, hence these few queries.)

type PageUser = Pick<User, "id" | "isAdmin">;

const MAX_ID_LENGTH = 100;

function visibleProjects(user: PageUser): Prisma.ProjectWhereInput {
  return user.isAdmin ? {} : { organization: { memberships: { some: { userId: user.id } } } };
}

export async function canSeeProject(user: PageUser, slug: string) {
  if (slug.length > 320) return false;
  const found = await db().project.findFirst({
    where: { slug, ...visibleProjects(user) },
    select: { id: true },
  });
  return found !== null;
}

export async function canSeePipeline(user: PageUser, pipelineId: string) {
  if (pipelineId.length > MAX_ID_LENGTH) return false;
  const found = await db().pipeline.findFirst({
    where: { id: pipelineId, project: visibleProjects(user) },
    select: { id: true },
  });
  return found !== null;
}

/** Approval and no-op jobs have no page (nothing ran), like the API says. */
export async function canSeeJob(user: PageUser, jobId: string) {
  if (jobId.length > MAX_ID_LENGTH) return false;
  const found = await db().job.findFirst({
    where: { id: jobId, number: { not: null }, project: visibleProjects(user) },
    select: { id: true },
  });
  return found !== null;
}

/**
 * Who may read the audit log, as the API's `audit.list` decides: administrators, and owners
 * or admins of any organization (for its events).
 */
export async function mayReadAuditLog(user: PageUser) {
  if (user.isAdmin) return true;
  const managed = await db().membership.findFirst({
    where: { userId: user.id, role: { in: ["owner", "admin"] } },
    select: { id: true },
  });
  return managed !== null;
}
