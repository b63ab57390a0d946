import { isUniqueViolation, type Prisma } from "@cairn/db";
import {
  type HostedProviderId,
  providerAdapter,
  type SignatureCheck,
  VcsError,
  type WebhookRequest,
} from "@cairn/vcs";
import { ApiError } from "../errors.ts";
import type { Services } from "../services.ts";
import { repositoryIdOf } from "./repository-identity.ts";

/** GitHub caps webhook payloads at 25 MB; Cairn takes as much from every provider. */
export const PROVIDER_HOOK_BODY_LIMIT = 25 * 1024 * 1024;

export type ProviderHookOutcome =
  | { status: "accepted"; deliveryId: string; id: string }
  | { status: "duplicate"; deliveryId: string };

/**
 * `POST /api/hooks/<provider>`: a delivery from GitHub, GitLab or Bitbucket. The project is
 * found by the repository the body names, the signature checked with that project's secret
 * (401 and nothing stored when it fails), then the normalized event is stored as a
 * WebhookDelivery to be processed in the background — the provider gets its answer at
 * once. A replayed delivery id is recognized and does nothing.
 */
export async function receiveProviderHook(
  services: Services,
  provider: HostedProviderId,
  request: WebhookRequest,
): Promise<ProviderHookOutcome> {
  const repositoryId = repositoryIdOf(provider, request.rawBody);
  if (!repositoryId) {
    throw new ApiError("invalid_input", "The body is not a webhook naming a repository.");
  }
  const projects = await services.db.project.findMany({
    where: {
      provider,
      vcsRepoId: repositoryId,
      unfollowedAt: null,
      webhookSecretCiphertext: { not: null },
    },
    select: { id: true, webhookSecretCiphertext: true },
    orderBy: { createdAt: "asc" },
  });
  if (projects.length === 0) {
    throw new ApiError("not_found", "No Cairn project follows this repository.");
  }

  const adapter = providerAdapter(provider);
  let project: (typeof projects)[number] | undefined;
  let failed: SignatureCheck | undefined;
  for (const candidate of projects) {
    const secret = await services.cipher.decrypt(candidate.webhookSecretCiphertext ?? "");
    const check = adapter.verifyWebhook(request, secret);
    if (check.valid) {
      project = candidate;
      break;
    }
    failed ??= check;
  }
  if (!project) {
    throw new ApiError(
      "unauthorized",
      failed && !failed.valid ? failed.message : "Bad webhook signature.",
    );
  }

  let event: ReturnType<typeof adapter.parseWebhook>;
  try {
    event = adapter.parseWebhook(request);
  } catch (error) {
    if (error instanceof VcsError) throw new ApiError("invalid_input", error.message);
    throw error;
  }
  try {
    const delivery = await services.db.webhookDelivery.create({
      data: {
        provider,
        deliveryId: event.deliveryId,
        event: event.kind,
        projectId: project.id,
        state: "received",
        payload: event as unknown as Prisma.InputJsonValue,
      },
      select: { id: true },
    });
    return { status: "accepted", deliveryId: event.deliveryId, id: delivery.id };
  } catch (error) {
    if (isUniqueViolation(error)) return { status: "duplicate", deliveryId: event.deliveryId };
    throw error;
  }
}
