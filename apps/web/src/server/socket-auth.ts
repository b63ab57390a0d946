import type { Viewer } from "@cairn/api";
import { getSessionUser, sessionCookieName } from "@cairn/auth";
import { parse as parseCookies } from "cookie";
import type { Socket } from "socket.io";
import { webEnv } from "~/env.ts";
import { db } from "./db.ts";

/**
 * socket.io middleware: a connection is accepted only with a valid session cookie, and
 * carries its viewer in `socket.data.viewer`; anyone else is refused with "unauthorized".
 */
export async function authenticateSocket(socket: Socket, next: (error?: Error) => void) {
  try {
    const cookies = parseCookies(socket.handshake.headers.cookie ?? "");
    const user = await getSessionUser(db(), cookies[sessionCookieName(webEnv().CAIRN_URL)]);
    if (!user) return next(new Error("unauthorized"));
    const viewer: Viewer = {
      id: user.id,
      isAdmin: user.isAdmin,
      login: user.login,
      name: user.name,
    };
    socket.data.viewer = viewer;
    next();
  } catch {
    next(new Error("unavailable"));
  }
}
