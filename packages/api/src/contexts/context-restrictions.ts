import type { ContextRestriction } from "@cairn/db";
import { z } from "zod";
import type { Viewer } from "../access/viewer.ts";
import { audited } from "../audit/record-audit.ts";
import { ApiError } from "../errors.ts";
import type { Services } from "../services.ts";
import { contextNote, findManageableContext } from "./contexts.ts";
import { findVisibleContext } from "./find-visible-context.ts";

/** CircleCI's `POST /context/{id}/restrictions` body. */
export const ZContextRestrictionInputSchema = z.object({
  restriction_type: z.enum(["project", "group", "expression"]),
  restriction_value: z.string().trim().min(1).max(1000),
});
export type TContextRestrictionInput = z.infer<typeof ZContextRestrictionInputSchema>;

function present(row: ContextRestriction) {
  return {
    id: row.id,
    context_id: row.contextId,
    restriction_type: row.type,
    restriction_value: row.value,
    created_at: row.createdAt.toISOString(),
  };
}

/** Who may use a context: its restrictions, for members of its organization. */
export async function listContextRestrictions(
  services: Services,
  viewer: Viewer,
  contextId: string,
) {
  const context = await findVisibleContext(services.db, viewer, contextId);
  const rows = await services.db.contextRestriction.findMany({
    where: { contextId: context.id },
    orderBy: { createdAt: "asc" },
  });
  return { items: rows.map(present), next_page_token: null };
}

/**
 * Adds one restriction (owners and admins of the organization): a project or group of the
 * context's organization. Expression restrictions are refused: Cairn does not evaluate them,
 * and a context carrying one is refused to every job.
 */
export async function addContextRestriction(
  services: Services,
  viewer: Viewer,
  contextId: string,
  input: TContextRestrictionInput,
) {
  const { db } = services;
  const note = contextNote("context.restriction.create", contextId);
  return audited(db, viewer, note, async () => {
    const parsed = ZContextRestrictionInputSchema.safeParse(input);
    if (!parsed.success) {
      throw new ApiError(
        "invalid_input",
        "restriction_type must be project or group, with a restriction_value",
      );
    }
    const { restriction_type: type, restriction_value: value } = parsed.data;
    note.metadata = { restrictionType: type, value };
    const context = await findManageableContext(db, viewer, contextId, note);
    if (type === "expression") {
      throw new ApiError("invalid_input", "Expression restrictions are not supported by Cairn");
    }
    const where = { id: value, organizationId: context.organizationId };
    const exists =
      value.length <= 100 &&
      (type === "project" ? await db.project.count({ where }) : await db.group.count({ where })) >
        0;
    if (!exists)
      throw new ApiError("not_found", `${type === "project" ? "Project" : "Group"} not found`);
    const row = await db.contextRestriction.upsert({
      where: { contextId_type_value: { contextId: context.id, type, value } },
      create: { contextId: context.id, type, value },
      update: {},
    });
    return present(row);
  });
}

export async function deleteContextRestriction(
  services: Services,
  viewer: Viewer,
  contextId: string,
  restrictionId: string,
) {
  const { db } = services;
  const note = contextNote("context.restriction.delete", contextId);
  return audited(db, viewer, note, async () => {
    const context = await findManageableContext(db, viewer, contextId, note);
    const row =
      restrictionId.length <= 100
        ? await db.contextRestriction.findFirst({
            where: { id: restrictionId, contextId: context.id },
          })
        : null;
    if (!row) throw new ApiError("not_found", "Restriction not found");
    note.metadata = { restrictionType: row.type, value: row.value };
    await db.contextRestriction.delete({ where: { id: row.id } });
    return { message: "Context restriction deleted." };
  });
}
