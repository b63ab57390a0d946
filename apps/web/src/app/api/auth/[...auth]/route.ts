import { handleAuthRequest } from "@cairn/auth";
import { webEnv } from "~/env.ts";
import { oauthConfig } from "~/server/oauth.ts";

export const dynamic = "force-dynamic";

/** Sign-in with GitHub, GitLab and Bitbucket (Auth.js): sign-in, callback, CSRF, sign-out. */
async function handler(request: Request) {
  return handleAuthRequest(request, oauthConfig(), webEnv().CAIRN_URL);
}

export { handler as GET, handler as POST };
