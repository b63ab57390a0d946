import { getSessionUser, sessionCookieName } from "@cairn/auth";
import { cookies } from "next/headers";
import { webEnv } from "~/env.ts";
import { db } from "./db.ts";

/** The user signed in to this request, or null. */
export async function currentUser() {
  const jar = await cookies();
  return getSessionUser(db(), jar.get(sessionCookieName(webEnv().CAIRN_URL))?.value);
}
