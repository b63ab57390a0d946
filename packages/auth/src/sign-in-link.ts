import type { Db } from "@cairn/db";
import { createSession } from "./session.ts";
import { hashToken, randomToken } from "./tokens.ts";

export const LOCAL_ADMIN_EMAIL = "admin@localhost";
export const SIGN_IN_LINK_PATH = "/auth/link";
const LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** The installation's local administrator, created on first use. */
export function ensureLocalAdministrator(db: Db) {
  return db.user.upsert({
    where: { email: LOCAL_ADMIN_EMAIL },
    update: { isAdmin: true },
    create: {
      email: LOCAL_ADMIN_EMAIL,
      name: "Local administrator",
      login: "admin",
      isAdmin: true,
    },
  });
}

/**
 * A one-time sign-in link (like a notebook server's token link). Only the token's hash is
 * stored, so the link cannot be recovered from the database.
 */
export async function createSignInLink(
  db: Db,
  userId: string,
  baseUrl: string,
  lifetimeMs = LINK_LIFETIME_MS,
): Promise<string> {
  const token = randomToken();
  await db.loginToken.create({
    data: {
      tokenHash: hashToken(token),
      userId,
      expiresAt: new Date(Date.now() + lifetimeMs),
    },
  });
  const url = new URL(SIGN_IN_LINK_PATH, baseUrl);
  url.searchParams.set("token", token);
  return url.toString();
}

export type TRedeemResult =
  | { ok: true; sessionToken: string; expires: Date }
  | { ok: false; reason: "unknown" | "used" | "expired" };

/** Turns a sign-in link's token into a session, once. */
export async function redeemSignInLink(db: Db, token: string): Promise<TRedeemResult> {
  const tokenHash = hashToken(token);
  const now = new Date();
  // Claiming with a conditional update makes two clicks race safely: one wins.
  const claimed = await db.loginToken.updateMany({
    where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (claimed.count === 0) {
    const existing = await db.loginToken.findUnique({ where: { tokenHash } });
    if (!existing) return { ok: false, reason: "unknown" };
    return { ok: false, reason: existing.usedAt ? "used" : "expired" };
  }
  const { userId } = await db.loginToken.findUniqueOrThrow({ where: { tokenHash } });
  return { ok: true, ...(await createSession(db, userId)) };
}
