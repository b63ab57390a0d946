import type { Db } from "@cairn/db";
import { findManageableProject } from "../access/find-manageable-project.ts";
import { findVisibleProject } from "../access/find-visible-project.ts";
import type { Viewer } from "../access/viewer.ts";
import { ApiError } from "../errors.ts";
import type { Services } from "../services.ts";
import { type DeliveryResult, processWebhookDelivery } from "./process-webhook-delivery.ts";

export interface WebhookDeliveryItem {
  id: string;
  provider: string;
  deliveryId: string;
  event: string;
  state: "received" | "processing" | "processed" | "failed";
  outcome: string | null;
  error: string | null;
  attempts: number;
  pipelineId: string | null;
  receivedAt: Date;
  processedAt: Date | null;
}

/** The project's recent deliveries, newest first, for its owners and admins. */
export async function listWebhookDeliveries(
  db: Db,
  viewer: Viewer,
  slug: string,
  { limit = 50 }: { limit?: number } = {},
): Promise<WebhookDeliveryItem[]> {
  const project = await findManageableProject(db, viewer, slug);
  return db.webhookDelivery.findMany({
    where: { projectId: project.id },
    orderBy: { receivedAt: "desc" },
    take: Math.min(Math.max(limit, 1), 100),
    select: {
      id: true,
      provider: true,
      deliveryId: true,
      event: true,
      state: true,
      outcome: true,
      error: true,
      attempts: true,
      pipelineId: true,
      receivedAt: true,
      processedAt: true,
    },
  });
}

/**
 * Processes a failed delivery again (e.g. after the provider's outage is over), now, and
 * answers what came of it. Only a failed delivery can be redelivered: one that made a
 * pipeline would make a second.
 */
export async function redeliverWebhook(
  services: Services,
  viewer: Viewer,
  slug: string,
  id: string,
): Promise<DeliveryResult> {
  const project = await findManageableProject(services.db, viewer, slug);
  const reset = await services.db.webhookDelivery.updateMany({
    where: { id, projectId: project.id, state: "failed" },
    data: { state: "received", claimedAt: null },
  });
  if (reset.count === 0) {
    const exists = await services.db.webhookDelivery.findFirst({
      where: { id, projectId: project.id },
      select: { state: true },
    });
    if (!exists) throw new ApiError("not_found", "No such delivery for this project.");
    throw new ApiError(
      "conflict",
      `Only a failed delivery can be redelivered (this one is ${exists.state}).`,
    );
  }
  const result = await processWebhookDelivery(services, id);
  if (!result) throw new ApiError("conflict", "The delivery is already being processed.");
  return result;
}

/** The project's last provider API failure (commit status, config read), for its viewers. */
export async function getProviderStatus(db: Db, viewer: Viewer, slug: string) {
  const project = await findVisibleProject(db, viewer, slug);
  return {
    provider: project.provider,
    error: project.providerError,
    errorAt: project.providerErrorAt,
  };
}
