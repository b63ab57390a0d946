import { setTimeout as sleep } from "node:timers/promises";
import type { Services } from "../services.ts";
import { processWebhookDelivery, STALE_CLAIM_MS } from "./process-webhook-delivery.ts";

/**
 * Processes every delivery still waiting: those the route could not hand over at once
 * (another web process, a restart) and those whose processor died mid-way.
 */
export async function processWaitingDeliveries(
  services: Services,
  { limit = 10 }: { limit?: number } = {},
): Promise<number> {
  const waiting = await services.db.webhookDelivery.findMany({
    where: {
      OR: [
        { state: "received" },
        { state: "processing", claimedAt: { lt: new Date(Date.now() - STALE_CLAIM_MS) } },
      ],
    },
    select: { id: true },
    orderBy: { receivedAt: "asc" },
    take: limit,
  });
  let processed = 0;
  for (const { id } of waiting) {
    if (await processWebhookDelivery(services, id)) processed++;
  }
  return processed;
}

/** Polls for waiting deliveries until `signal` aborts; errors are logged, never thrown. */
export async function runWebhookProcessor(
  services: Services,
  {
    intervalMs = 2000,
    signal,
    log = console.error,
  }: { intervalMs?: number; signal: AbortSignal; log?: (message: string) => void },
): Promise<void> {
  while (!signal.aborted) {
    try {
      if ((await processWaitingDeliveries(services)) > 0) continue;
    } catch (error) {
      log(`webhook deliveries: ${error instanceof Error ? error.message : String(error)}`);
    }
    await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
  }
}
