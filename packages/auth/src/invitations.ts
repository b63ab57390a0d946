import type { Db } from "@cairn/db";
import { createSignInLink } from "./sign-in-link.ts";

/** An invitation that cannot be made; the message is safe to show. */
export class InvitationError extends Error {
  override name = "InvitationError";
}

/** How long an invitation's sign-in link works. */
export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Invites someone by email: their user is created if it does not exist yet, and a
 * one-time sign-in link for it is returned (shown once to the administrator). They can
 * use the link, or sign in with GitHub, GitLab or Bitbucket under the same verified email,
 * which links that account to this user.
 */
export async function inviteUser(
  db: Db,
  input: { email: string; name?: string | undefined },
  baseUrl: string,
) {
  const email = input.email.trim().toLowerCase();
  const existing = await db.user.findUnique({
    where: { email },
    include: { _count: { select: { accounts: true, sessions: true } } },
  });
  // A link for someone who already signs in would let its holder act as them.
  if (
    existing &&
    (existing.isAdmin || existing._count.accounts > 0 || existing._count.sessions > 0)
  ) {
    throw new InvitationError(`${email} already has a Cairn account.`);
  }
  const user =
    existing ?? (await db.user.create({ data: { email, name: input.name?.trim() || null } }));
  const link = await createSignInLink(db, user.id, baseUrl, INVITATION_LIFETIME_MS);
  return { userId: user.id, email, link, existingUser: existing !== null };
}

/** Users who were invited and have not signed in yet (an unused, unexpired link, no session). */
export function listPendingInvitations(db: Db) {
  return db.user.findMany({
    where: {
      sessions: { none: {} },
      accounts: { none: {} },
      loginTokens: { some: { usedAt: null, expiresAt: { gt: new Date() } } },
    },
    select: {
      id: true,
      email: true,
      name: true,
      loginTokens: {
        where: { usedAt: null },
        orderBy: { expiresAt: "desc" },
        take: 1,
        select: { expiresAt: true, createdAt: true },
      },
    },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
}
