import { providerHookRoute } from "~/server/rest/provider-hook.ts";

export const dynamic = "force-dynamic";

/** Webhook deliveries from GitHub (see @cairn/api receiveProviderHook). */
export const POST = providerHookRoute("github");
