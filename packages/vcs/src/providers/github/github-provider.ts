import {
  type HostedWebhookEvent,
  type PullRequestWebhookEvent,
  type RepositoryIdentity,
  readHeader,
  type VcsProviderAdapter,
  type WebhookRequest,
} from "../../provider.ts";
import { makePushEvent } from "../../push-event.ts";
import type { SignatureCheck } from "../../webhook-signature.ts";
import { verifyHubSignature } from "../hosted/hub-signature.ts";
import {
  assertBranchNames,
  decodePayload,
  requireDeliveryId,
  requireEventName,
  skipCiReason,
} from "../hosted/webhook-payload.ts";
import {
  type TGitHubRepository,
  ZGitHubOtherSchema,
  ZGitHubPullRequestSchema,
  ZGitHubPushSchema,
} from "./github-payloads.ts";

export const GITHUB_SIGNATURE_HEADER = "X-Hub-Signature-256";

const BUILT_ACTIONS = new Set(["opened", "synchronize", "reopened"]);

/** GitHub (github.com or Enterprise Server) repository webhooks, JSON content type. */
export class GitHubProvider implements VcsProviderAdapter<HostedWebhookEvent> {
  readonly id = "github" as const;

  verifyWebhook(request: WebhookRequest, secret: string): SignatureCheck {
    return verifyHubSignature(
      GITHUB_SIGNATURE_HEADER,
      secret,
      request.rawBody,
      readHeader(request.headers, GITHUB_SIGNATURE_HEADER),
    );
  }

  parseWebhook(request: WebhookRequest): HostedWebhookEvent {
    const deliveryId = requireDeliveryId(request, "X-GitHub-Delivery");
    const eventName = requireEventName(request, "X-GitHub-Event");
    if (eventName === "push") return parsePush(request, deliveryId);
    if (eventName === "pull_request") return parsePullRequest(request, deliveryId);
    const other = decodePayload(ZGitHubOtherSchema, request.rawBody, `GitHub ${eventName} body`);
    const reason = other.action ? `${eventName} event (${other.action})` : `${eventName} event`;
    return withRepository({ kind: "ignored", deliveryId, reason }, other.repository);
  }
}

function parsePush(request: WebhookRequest, deliveryId: string): HostedWebhookEvent {
  const body = decodePayload(ZGitHubPushSchema, request.rawBody, "GitHub push body");
  const repository = identity(body.repository);
  const push = makePushEvent(body.ref, body.before, body.after);
  const skip = push.deleted ? null : skipCiReason(body.head_commit?.message);
  if (skip) return { kind: "ignored", deliveryId, reason: skip, repository };
  return { kind: "push", deliveryId, push, repository };
}

function parsePullRequest(request: WebhookRequest, deliveryId: string): HostedWebhookEvent {
  const body = decodePayload(ZGitHubPullRequestSchema, request.rawBody, "GitHub pull_request body");
  const repository = identity(body.repository);
  const { action, pull_request: pr } = body;
  if (!BUILT_ACTIONS.has(action)) {
    return { kind: "ignored", deliveryId, reason: `pull request ${action}`, repository };
  }
  assertBranchNames(pr.head.ref, pr.base.ref);
  const fromFork = pr.head.repo?.id !== pr.base.repo.id;
  const event: PullRequestWebhookEvent = {
    kind: "pull_request",
    deliveryId,
    action: action as PullRequestWebhookEvent["action"],
    repository,
    pullRequest: {
      number: body.number,
      url: pr.html_url,
      headSha: pr.head.sha,
      headBranch: pr.head.ref,
      baseBranch: pr.base.ref,
      fromFork,
      title: pr.title,
      ...(fromFork && pr.head.repo ? { forkCloneUrl: pr.head.repo.clone_url } : {}),
    },
  };
  return event;
}

function identity(repository: TGitHubRepository): RepositoryIdentity {
  return { id: String(repository.id), fullName: repository.full_name };
}

function withRepository(
  event: { kind: "ignored"; deliveryId: string; reason: string },
  repository: TGitHubRepository | undefined,
): HostedWebhookEvent {
  return repository ? { ...event, repository: identity(repository) } : event;
}

export const githubProvider: VcsProviderAdapter<HostedWebhookEvent> = new GitHubProvider();
