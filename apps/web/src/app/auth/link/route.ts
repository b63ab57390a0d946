import { signInWithLink } from "@cairn/api";
import { SESSION_MAX_AGE_SECONDS, sessionCookieName } from "@cairn/auth";
import { type NextRequest, NextResponse } from "next/server";
import { webEnv } from "~/env.ts";
import { clientIpOf } from "~/server/client-ip.ts";
import { db } from "~/server/db.ts";

export const dynamic = "force-dynamic";

/**
 * Redeems a one-time sign-in link: sets the session cookie and opens the dashboard. Every
 * attempt, good or bad, is in the audit log with the client's address.
 */
export async function GET(request: NextRequest) {
  const { CAIRN_URL } = webEnv();
  const token = request.nextUrl.searchParams.get("token") ?? "";
  const result = await signInWithLink(db(), token, { clientIp: clientIpOf(request.headers) });
  if (!result.ok) {
    const reason = result.reason;
    return NextResponse.redirect(new URL(`/sign-in?error=${reason}`, CAIRN_URL), 303);
  }
  const response = NextResponse.redirect(new URL("/", CAIRN_URL), 303);
  response.cookies.set(sessionCookieName(CAIRN_URL), result.sessionToken, {
    httpOnly: true,
    sameSite: "lax",
    secure: new URL(CAIRN_URL).protocol === "https:",
    path: "/",
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  return response;
}
