import { PROVIDER_HOOK_BODY_LIMIT, processWebhookDelivery, receiveProviderHook } from "@cairn/api";
import type { HostedProviderId } from "@cairn/vcs";
import { handleRoute } from "./handle-route.ts";
import { readRawBody } from "./request-body.ts";
import { jsonResponse } from "./responses.ts";
import { restServices } from "./services.ts";

/**
 * `POST /api/hooks/<provider>`: verified and recorded at once (202), then processed in the
 * background of this process; the web process's delivery poller picks up whatever is left.
 */
export function providerHookRoute(provider: HostedProviderId) {
  return handleRoute<Record<string, never>>(async (request) => {
    const rawBody = await readRawBody(request, PROVIDER_HOOK_BODY_LIMIT);
    const services = restServices();
    const outcome = await receiveProviderHook(services, provider, {
      headers: request.headers,
      rawBody,
    });
    if (outcome.status === "duplicate") {
      return jsonResponse({ status: "duplicate", delivery: outcome.deliveryId });
    }
    void processWebhookDelivery(services, outcome.id).catch((error: unknown) => {
      console.error(
        `webhook delivery ${outcome.id}:`,
        error instanceof Error ? error.message : error,
      );
    });
    return jsonResponse({ status: "accepted", delivery: outcome.deliveryId }, 202);
  });
}
