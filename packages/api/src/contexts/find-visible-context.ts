import type { Db } from "@cairn/db";
import { canSeeOrganization } from "../access/can-see-organization.ts";
import type { Viewer } from "../access/viewer.ts";
import { ApiError } from "../errors.ts";

const MAX_ID_LENGTH = 100;

/** A context by id if the viewer belongs to its organization; else the same not_found as for an unknown id. */
export async function findVisibleContext(db: Db, viewer: Viewer, contextId: string) {
  const context =
    contextId.length <= MAX_ID_LENGTH
      ? await db.context.findUnique({ where: { id: contextId } })
      : null;
  if (!context || !(await canSeeOrganization(db, viewer, context.organizationId))) {
    throw new ApiError("not_found", "Context not found");
  }
  return context;
}
