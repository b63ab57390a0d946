import { Prisma } from "@cairn/db";
import { z } from "zod";
import type { Viewer } from "../access/viewer.ts";
import { ApiError } from "../errors.ts";
import type { Services } from "../services.ts";
import { manageableOwner, visibleOwner } from "./context-owner.ts";
import { findVisibleContext } from "./find-visible-context.ts";
import { type PresentedContext, presentContext } from "./present-context.ts";

export const ZCreateContextSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "name must not be empty")
    .max(200, "name must be at most 200 characters"),
  owner: z.object({ slug: z.string().min(1).max(100).optional() }).optional(),
});
export type TCreateContext = z.infer<typeof ZCreateContextSchema>;

/** A new, empty context in the viewer's own organization or one they own or administer. */
export async function createContext(
  services: Services,
  viewer: Viewer,
  input: TCreateContext,
): Promise<PresentedContext> {
  const parsed = ZCreateContextSchema.safeParse(input);
  if (!parsed.success) {
    throw new ApiError("invalid_input", parsed.error.issues.map((i) => i.message).join("; "));
  }
  const { name, owner } = parsed.data;
  const organization = await manageableOwner(services.db, viewer, owner?.slug);
  try {
    const context = await services.db.context.create({
      data: { organizationId: organization.id, name },
    });
    return presentContext(context);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ApiError("conflict", `A context named "${name}" already exists`);
    }
    throw error;
  }
}

/** The contexts of an organization the viewer belongs to (their own when no slug is given), by name. */
export async function listContexts(
  services: Services,
  viewer: Viewer,
  ownerSlug?: string,
): Promise<{ items: PresentedContext[]; next_page_token: null }> {
  const organization = await visibleOwner(services.db, viewer, ownerSlug);
  const contexts = await services.db.context.findMany({
    where: { organizationId: organization.id },
    orderBy: { name: "asc" },
  });
  return { items: contexts.map(presentContext), next_page_token: null };
}

/** Removes a context with its variables and restrictions. */
export async function deleteContext(services: Services, viewer: Viewer, contextId: string) {
  const context = await findVisibleContext(services.db, viewer, contextId);
  await services.db.context.delete({ where: { id: context.id } });
  return { message: "Context deleted." };
}

/**
 * Limits a context to the given projects of its organization (an empty list lifts the
 * limit). Replaces any earlier project restrictions.
 */
export async function restrictContextToProjects(
  services: Services,
  viewer: Viewer,
  contextId: string,
  projectIds: string[],
) {
  const { db } = services;
  const context = await findVisibleContext(db, viewer, contextId);
  const unique = [...new Set(projectIds)];
  const found = await db.project.count({
    where: { id: { in: unique }, organizationId: context.organizationId },
  });
  if (found !== unique.length) throw new ApiError("not_found", "Project not found");
  await db.$transaction([
    db.contextRestriction.deleteMany({ where: { contextId: context.id, type: "project" } }),
    db.contextRestriction.createMany({
      data: unique.map((value) => ({ contextId: context.id, type: "project" as const, value })),
    }),
  ]);
  return { context_id: context.id, project_ids: unique };
}
