import type { Project } from "@cairn/db";
import { type HostedWebhookEvent, ProviderApiError } from "@cairn/vcs";
import { ApiError } from "../errors.ts";
import { triggerPipeline } from "../pipelines/trigger-pipeline.ts";
import { readForkPolicy } from "../project-settings/fork-policy.ts";
import type { Services } from "../services.ts";
import { recordProviderError } from "./provider-error.ts";
import { projectProviderClient, repositoryRefOf } from "./provider-token.ts";

/** A claim older than this belongs to a process that died: the delivery is taken over. */
export const STALE_CLAIM_MS = 5 * 60_000;

const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

export type DeliveryResult =
  | { state: "processed"; outcome: string; pipelineId?: string }
  | { state: "failed"; error: string };

/**
 * Processes one recorded delivery: claims it (so that no other process does the same work),
 * starts the pipeline its event asks for, and records what came of it. A failure leaves the
 * delivery `failed` with the reason, ready to be redelivered. Returns null when the delivery
 * is not waiting (already processed, or claimed by someone else).
 */
export async function processWebhookDelivery(
  services: Services,
  id: string,
): Promise<DeliveryResult | null> {
  const claimed = await services.db.webhookDelivery.updateMany({
    where: {
      id,
      OR: [
        { state: "received" },
        { state: "processing", claimedAt: { lt: new Date(Date.now() - STALE_CLAIM_MS) } },
      ],
    },
    data: { state: "processing", claimedAt: new Date(), attempts: { increment: 1 } },
  });
  if (claimed.count === 0) return null;

  const delivery = await services.db.webhookDelivery.findUniqueOrThrow({
    where: { id },
    include: { project: true },
  });
  let result: DeliveryResult;
  try {
    if (!delivery.project) throw new ApiError("not_found", "The project no longer exists.");
    if (!delivery.payload) throw new ApiError("invalid_input", "The delivery has no event.");
    result = await startPipelineFor(
      services,
      delivery.project,
      delivery.payload as unknown as HostedWebhookEvent,
    );
  } catch (error) {
    result = { state: "failed", error: describe(error) };
    if (error instanceof ProviderApiError && delivery.project) {
      await recordProviderError(services, delivery.project.id, error);
    }
  }
  await services.db.webhookDelivery.update({
    where: { id },
    data:
      result.state === "processed"
        ? {
            state: "processed",
            outcome: result.outcome,
            pipelineId: result.pipelineId ?? null,
            error: null,
            processedAt: new Date(),
          }
        : { state: "failed", error: result.error, processedAt: new Date() },
  });
  return result;
}

async function startPipelineFor(
  services: Services,
  project: Project,
  event: HostedWebhookEvent,
): Promise<DeliveryResult> {
  if (event.kind === "ignored") return { state: "processed", outcome: `ignored: ${event.reason}` };

  const client = await projectProviderClient(services, project);
  const repo = repositoryRefOf(project);
  // Without a usable token the mirror (deploy key) is read instead.
  const readFile = client
    ? (sha: string, path: string) => client.getFileContents(repo, path, sha)
    : undefined;

  if (event.kind === "push") {
    const { push } = event;
    if (push.deleted) return { state: "processed", outcome: `ignored: ${push.ref} was deleted` };
    const created = await triggerPipeline(services, {
      project,
      ...(push.tag !== undefined ? { tag: push.tag } : { branch: push.branch }),
      sha: push.after,
      readFile,
      trigger: { type: "webhook", actorLogin: project.provider },
    });
    return { state: "processed", outcome: "pipeline created", pipelineId: created.pipelineId };
  }

  const { pullRequest } = event;
  const policy = readForkPolicy(project.settings);
  if (pullRequest.fromFork && !policy.buildForkPullRequests) {
    return {
      state: "processed",
      outcome: "ignored: pull requests from forks are not built (project setting)",
    };
  }
  // Bitbucket names an abbreviated commit: the branch head is resolved from the mirror.
  const sha = FULL_SHA.test(pullRequest.headSha) ? pullRequest.headSha : undefined;
  const created = await triggerPipeline(services, {
    project,
    // CircleCI's branch name for a fork's pull request: its own branch names mean nothing here.
    branch: pullRequest.fromFork ? `pull/${pullRequest.number}` : pullRequest.headBranch,
    sha,
    readFile,
    trigger: { type: "webhook", actorLogin: project.provider },
    pullRequest: {
      number: pullRequest.number,
      url: pullRequest.url,
      fromFork: pullRequest.fromFork,
      originRepositoryUrl: pullRequest.forkCloneUrl,
    },
  });
  return { state: "processed", outcome: "pipeline created", pipelineId: created.pipelineId };
}

/** A message for the project's admins; never a stack trace. */
function describe(error: unknown): string {
  if (error instanceof ApiError || error instanceof ProviderApiError) return error.message;
  if (error instanceof Error) return `Processing failed: ${error.message}`;
  return "Processing failed.";
}
