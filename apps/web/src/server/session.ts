import { getSessionUser, sessionCookieName } from "@cairn/auth";
import { cookies } from "next/headers";
import { cache } from "react";
import { webEnv } from "~/env.ts";
import { db } from "./db.ts";

/**
 * The user signed in to this request, or null. Read once per page render: the top bar, a
 * route's layout and its page all ask for it.
 */
export const currentUser = cache(async () => {
  const jar = await cookies();
  return getSessionUser(db(), jar.get(sessionCookieName(webEnv().CAIRN_URL))?.value);
});
