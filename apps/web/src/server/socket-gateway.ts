import { getSessionUser, sessionCookieName } from "@cairn/auth";
import { parse as parseCookies } from "cookie";
import type { Server } from "socket.io";
import { webEnv } from "~/env.ts";
import { db } from "./db.ts";

/**
 * The socket.io gateway for live updates. Every connection is authenticated here from the
 * session cookie; each room checks permission when it is joined (rooms arrive with the
 * pages that use them).
 */
export function attachSocketGateway(io: Server) {
  io.use(async (socket, next) => {
    try {
      const cookies = parseCookies(socket.handshake.headers.cookie ?? "");
      const user = await getSessionUser(db(), cookies[sessionCookieName(webEnv().CAIRN_URL)]);
      if (!user) return next(new Error("unauthorized"));
      socket.data.userId = user.id;
      next();
    } catch {
      next(new Error("unavailable"));
    }
  });
}
