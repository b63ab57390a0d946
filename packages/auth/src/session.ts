import type { Db } from "@cairn/db";
import { randomToken } from "./tokens.ts";

/**
 * Auth.js's database-session cookie names, so sessions made by a sign-in link and by OAuth
 * sign-in are the same rows and read the same way. The `__Secure-` form is used over TLS.
 */
export const SESSION_COOKIE = "authjs.session-token";
export const SECURE_SESSION_COOKIE = "__Secure-authjs.session-token";
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export function sessionCookieName(baseUrl: string): string {
  return new URL(baseUrl).protocol === "https:" ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export async function createSession(db: Db, userId: string) {
  const expires = new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
  const session = await db.session.create({
    data: { sessionToken: randomToken(), userId, expires },
  });
  return { sessionToken: session.sessionToken, expires };
}

/** The signed-in user of a session cookie, or null when absent, unknown or expired. */
export async function getSessionUser(db: Db, sessionToken: string | undefined) {
  if (!sessionToken) return null;
  const session = await db.session.findUnique({
    where: { sessionToken },
    include: { user: true },
  });
  if (!session || session.expires.getTime() <= Date.now()) return null;
  return session.user;
}
