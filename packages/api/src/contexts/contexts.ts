import { type ContextRestrictionType, type Db, Prisma } from "@cairn/db";
import { z } from "zod";
import { isManagerRole, organizationRole } from "../access/organization-role.ts";
import type { Viewer } from "../access/viewer.ts";
import { type AuditNote, audited } from "../audit/record-audit.ts";
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
  const note = { action: "context.create", target: { type: "context", name } };
  return audited(services.db, viewer, note, async () => {
    const organization = await manageableOwner(services.db, viewer, owner?.slug);
    Object.assign(note, { organizationId: organization.id });
    try {
      const context = await services.db.context.create({
        data: { organizationId: organization.id, name },
      });
      Object.assign(note.target, { id: context.id });
      return presentContext(context);
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        throw new ApiError("conflict", `A context named "${name}" already exists`);
      }
      throw error;
    }
  });
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
  const note = contextNote("context.delete", contextId);
  return audited(services.db, viewer, note, async () => {
    const context = await findVisibleContext(services.db, viewer, contextId);
    describeContext(note, context);
    await services.db.context.delete({ where: { id: context.id } });
    return { message: "Context deleted." };
  });
}

/** The audit note of a change to one context, completed once the context is found. */
export function contextNote(action: string, contextId: string): AuditNote {
  return { action, target: { type: "context", id: contextId.slice(0, 100) } };
}

export function describeContext(
  note: AuditNote,
  context: { id: string; name: string; organizationId: string },
) {
  note.target = { type: "context", id: context.id, name: context.name };
  note.organizationId = context.organizationId;
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
  const unique = [...new Set(projectIds)];
  const note = contextNote("context.restriction.update", contextId);
  note.metadata = { restrictionType: "project", values: unique.slice(0, 100) };
  return audited(db, viewer, note, async () => {
    const context = await findManageableContext(db, viewer, contextId, note);
    const found = await db.project.count({
      where: { id: { in: unique }, organizationId: context.organizationId },
    });
    if (found !== unique.length) throw new ApiError("not_found", "Project not found");
    await replaceRestrictions(db, context.id, "project", unique);
    return { context_id: context.id, project_ids: unique };
  });
}

/**
 * Limits a context to members of the given groups of its organization (an empty list lifts
 * the limit): a job whose actor is in none of them ends `unauthorized` without starting.
 */
export async function restrictContextToGroups(
  services: Services,
  viewer: Viewer,
  contextId: string,
  groupIds: string[],
) {
  const { db } = services;
  const unique = [...new Set(groupIds)];
  const note = contextNote("context.restriction.update", contextId);
  note.metadata = { restrictionType: "group", values: unique.slice(0, 100) };
  return audited(db, viewer, note, async () => {
    const context = await findManageableContext(db, viewer, contextId, note);
    const found = await db.group.count({
      where: { id: { in: unique }, organizationId: context.organizationId },
    });
    if (found !== unique.length) throw new ApiError("not_found", "Group not found");
    await replaceRestrictions(db, context.id, "group", unique);
    return { context_id: context.id, group_ids: unique };
  });
}

/** Who may use a context is for the organization's owners and admins to say. */
export async function findManageableContext(
  db: Db,
  viewer: Viewer,
  contextId: string,
  note: AuditNote,
) {
  const context = await findVisibleContext(db, viewer, contextId);
  describeContext(note, context);
  if (!isManagerRole(await organizationRole(db, viewer, context.organizationId))) {
    throw new ApiError(
      "forbidden",
      "Only an owner or admin of the organization can change who may use a context",
    );
  }
  return context;
}

/** Replaces a context's restrictions of one type (an empty list lifts them). */
export async function replaceRestrictions(
  db: Db,
  contextId: string,
  type: ContextRestrictionType,
  values: string[],
) {
  await db.$transaction([
    db.contextRestriction.deleteMany({ where: { contextId, type } }),
    db.contextRestriction.createMany({
      data: values.map((value) => ({ contextId, type, value })),
    }),
  ]);
}
