import { appRouter, createTRPCContext } from "@cairn/api/trpc";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { webEnv } from "~/env.ts";
import { clientIpOf } from "~/server/client-ip.ts";
import { restServices } from "~/server/rest/services.ts";
import { currentUser } from "~/server/session.ts";

export const dynamic = "force-dynamic";

/**
 * The browser's tRPC endpoint. Mutations ride on the session cookie, so they are accepted
 * only from Cairn's own origin (artifacts served from a sibling subdomain are same-site).
 */
async function handler(request: Request) {
  if (
    request.method === "POST" &&
    request.headers.get("origin") !== new URL(webEnv().CAIRN_URL).origin
  ) {
    return Response.json({ message: "Cross-site request refused." }, { status: 403 });
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: async () =>
      createTRPCContext({
        viewer: await viewerOf(request),
        services: restServices(),
        artifactLinks: {
          artifactsUrl: webEnv().CAIRN_ARTIFACTS_URL,
          secret: webEnv().AUTH_SECRET,
        },
      }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        console.error(`tRPC ${path ?? "?"} failed:`, error.cause?.message ?? error.message);
      }
    },
  });
}

/** The signed-in user, with where the request came from (for the audit trail). */
async function viewerOf(request: Request) {
  const user = await currentUser();
  return user ? { ...user, clientIp: clientIpOf(request.headers) } : null;
}

export { handler as GET, handler as POST };
