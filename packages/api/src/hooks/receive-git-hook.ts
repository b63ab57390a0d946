import { isUniqueViolation } from "@cairn/db";
import { gitProvider, VcsError, type WebhookRequest } from "@cairn/vcs";
import { ApiError } from "../errors.ts";
import { triggerPipeline } from "../pipelines/trigger-pipeline.ts";
import { findProjectBySlugOrId } from "../projects/find-project.ts";
import type { Services } from "../services.ts";

export type GitHookOutcome =
  | { status: "created"; pipelineId: string; number: number }
  | { status: "duplicate"; deliveryId: string }
  | { status: "ignored"; reason: string };

/**
 * `POST /api/hooks/git/<project>`: a signed push from any git server. The signature is
 * checked before anything else is read; a replayed delivery does nothing.
 */
export async function receiveGitHook(
  services: Services,
  projectReference: string,
  request: WebhookRequest,
): Promise<GitHookOutcome> {
  const project = await findProjectBySlugOrId(services.db, projectReference);
  // One answer for "no such project" and "not a git project": nothing to learn by guessing.
  if (project?.provider !== "git" || !project.webhookSecretCiphertext) {
    throw new ApiError("not_found", "No git project at this address.");
  }
  const secret = await services.cipher.decrypt(project.webhookSecretCiphertext);
  const check = gitProvider.verifyWebhook(request, secret);
  if (!check.valid) throw new ApiError("unauthorized", check.message);

  let event: ReturnType<typeof gitProvider.parseWebhook>;
  try {
    event = gitProvider.parseWebhook(request);
  } catch (error) {
    if (error instanceof VcsError) throw new ApiError("invalid_input", error.message);
    throw error;
  }
  let deliveryRowId: string;
  try {
    const delivery = await services.db.webhookDelivery.create({
      data: {
        provider: "git",
        deliveryId: event.deliveryId,
        event: event.kind,
        projectId: project.id,
      },
    });
    deliveryRowId = delivery.id;
  } catch (error) {
    if (isUniqueViolation(error)) return { status: "duplicate", deliveryId: event.deliveryId };
    throw error;
  }

  const outcome = await outcomeOf(services, project, event);
  await services.db.webhookDelivery.update({
    where: { id: deliveryRowId },
    data: {
      outcome:
        outcome.status === "created"
          ? "pipeline created"
          : `ignored: ${"reason" in outcome ? outcome.reason : ""}`,
      pipelineId: outcome.status === "created" ? outcome.pipelineId : null,
    },
  });
  return outcome;
}

async function outcomeOf(
  services: Services,
  project: NonNullable<Awaited<ReturnType<typeof findProjectBySlugOrId>>>,
  event: ReturnType<typeof gitProvider.parseWebhook>,
): Promise<GitHookOutcome> {
  if (event.kind === "ignored") return { status: "ignored", reason: event.reason };
  const { push } = event;
  if (push.deleted) return { status: "ignored", reason: `${push.ref} was deleted` };
  const created = await triggerPipeline(services, {
    project,
    ...(push.tag !== undefined ? { tag: push.tag } : { branch: push.branch }),
    sha: push.after,
    trigger: { type: "webhook", actorLogin: "git" },
  });
  return { status: "created", pipelineId: created.pipelineId, number: created.number };
}
