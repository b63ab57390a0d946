import type { Db } from "@cairn/db";
import { hashToken, randomToken } from "./tokens.ts";

/** Prefix that makes a leaked token easy to recognise (and to scan for). */
const TOKEN_PREFIX = "cairn_";

/** Creates a personal API token; the token itself is returned once and stored only hashed. */
export async function createApiToken(db: Db, userId: string, name: string) {
  const token = `${TOKEN_PREFIX}${randomToken()}`;
  const row = await db.apiToken.create({
    data: { userId, name, tokenHash: hashToken(token), last4: token.slice(-4) },
  });
  return { id: row.id, token };
}

/** The user behind a `Circle-Token` header, or null for a missing, unknown or expired token. */
export async function authenticateApiToken(db: Db, token: string | null | undefined) {
  return (await authenticateApiTokenWithId(db, token))?.user ?? null;
}

/** Like authenticateApiToken, with the token's id (the audit trail names the token used). */
export async function authenticateApiTokenWithId(db: Db, token: string | null | undefined) {
  if (!token?.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: true },
  });
  if (!row || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return null;
  // Recording use is best effort: a token that works must not fail for want of a write.
  await db.apiToken
    .update({ where: { id: row.id }, data: { lastUsedAt: new Date() } })
    .catch(() => undefined);
  return { user: row.user, tokenId: row.id };
}
