import { redirect } from "next/navigation";
import { currentUser } from "~/server/session.ts";

/**
 * The signed-in user of a page; anyone else is sent to sign in. Pages fetch their data in
 * the browser through /api/trpc: @cairn/api cannot be bundled into server components
 * (a dependency resolves a file next to its source with `new URL(…, import.meta.url)`,
 * which the page bundler turns into a public asset URL).
 */
export async function requireUser() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return user;
}
