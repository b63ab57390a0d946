import type { Viewer } from "@cairn/api";
import { authenticateApiTokenWithId, getSessionUser, sessionCookieName } from "@cairn/auth";
import { parse as parseCookies } from "cookie";
import { webEnv } from "~/env.ts";
import { clientIpOf } from "../client-ip.ts";
import { db } from "../db.ts";
import { HttpError } from "./http-error.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The user behind a REST request: the `Circle-Token` header (scripts), else the session
 * cookie (the browser). Neither, or a bad one, is 401. A cookie only vouches for a change
 * (POST…) sent from Cairn's own origin: another site on the same domain — an HTML artifact,
 * say — could otherwise act with the visitor's cookie.
 */
export async function authenticateRequest(request: Request): Promise<Viewer> {
  const token = request.headers.get("circle-token");
  const clientIp = clientIpOf(request.headers);
  if (token !== null) {
    const found = await authenticateApiTokenWithId(db(), token.trim());
    if (!found) throw new HttpError(401, "Invalid token provided.");
    return { ...found.user, clientIp, apiTokenId: found.tokenId };
  }
  const { CAIRN_URL } = webEnv();
  const cookies = parseCookies(request.headers.get("cookie") ?? "");
  const user = await getSessionUser(db(), cookies[sessionCookieName(CAIRN_URL)]);
  if (!user) {
    throw new HttpError(401, "You must sign in or send a Circle-Token header.");
  }
  if (
    !SAFE_METHODS.has(request.method) &&
    request.headers.get("origin") !== new URL(CAIRN_URL).origin
  ) {
    throw new HttpError(403, "Cross-site request refused: send a Circle-Token header instead.");
  }
  return { ...user, clientIp };
}
