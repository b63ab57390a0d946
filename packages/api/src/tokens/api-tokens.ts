import { createApiToken } from "@cairn/auth";
import type { Db } from "@cairn/db";
import { z } from "zod";
import type { Viewer } from "../access/viewer.ts";
import { audited } from "../audit/record-audit.ts";
import { ApiError } from "../errors.ts";

export const ZApiTokenNameSchema = z
  .string()
  .trim()
  .min(1, "Give the token a name.")
  .max(100, "The name must be at most 100 characters.");

const MAX_ID_LENGTH = 100;

/** The viewer's own API tokens: name, last characters, when made and last used. */
export async function listApiTokens(db: Db, viewer: Viewer) {
  const rows = await db.apiToken.findMany({
    where: { userId: viewer.id },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, last4: true, createdAt: true, lastUsedAt: true },
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    last4: row.last4,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  }));
}

/** A new token for the viewer; the token itself is in this answer only (stored hashed). */
export async function createViewerApiToken(db: Db, viewer: Viewer, name: string) {
  const note = {
    action: "api_token.create",
    target: { type: "api_token", name: name.slice(0, 100) },
  };
  return audited(db, viewer, note, async () => {
    const parsed = ZApiTokenNameSchema.safeParse(name);
    if (!parsed.success) throw new ApiError("invalid_input", parsed.error.issues[0]!.message);
    const created = await createApiToken(db, viewer.id, parsed.data);
    Object.assign(note.target, { id: created.id });
    return { id: created.id, name: parsed.data, token: created.token };
  });
}

/** Revokes one of the viewer's tokens; someone else's is not found, like an unknown id. */
export async function revokeApiToken(db: Db, viewer: Viewer, tokenId: string) {
  const note = {
    action: "api_token.revoke",
    target: { type: "api_token", id: tokenId.slice(0, MAX_ID_LENGTH) },
  };
  return audited(db, viewer, note, async () => {
    const { count } =
      tokenId.length <= MAX_ID_LENGTH
        ? await db.apiToken.deleteMany({ where: { id: tokenId, userId: viewer.id } })
        : { count: 0 };
    if (count === 0) throw new ApiError("not_found", "API token not found");
    return { message: "API token revoked." };
  });
}
