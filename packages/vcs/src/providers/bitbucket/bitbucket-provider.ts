import { VcsError } from "../../errors.ts";
import {
  type HostedWebhookEvent,
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
  ZRefSchema,
} from "../hosted/webhook-payload.ts";
import {
  type TBitbucketRefState,
  type TBitbucketRepository,
  ZBitbucketOtherSchema,
  ZBitbucketPullRequestSchema,
  ZBitbucketPushSchema,
} from "./bitbucket-payloads.ts";

export const BITBUCKET_SIGNATURE_HEADER = "X-Hub-Signature";

const ZERO_SHA = "0".repeat(40);
const ACTIONS = { "pullrequest:created": "opened", "pullrequest:updated": "synchronize" } as const;

/** Bitbucket Cloud repository webhooks (with a secret, so requests are signed). */
export class BitbucketProvider implements VcsProviderAdapter<HostedWebhookEvent> {
  readonly id = "bitbucket" as const;

  verifyWebhook(request: WebhookRequest, secret: string): SignatureCheck {
    return verifyHubSignature(
      BITBUCKET_SIGNATURE_HEADER,
      secret,
      request.rawBody,
      readHeader(request.headers, BITBUCKET_SIGNATURE_HEADER),
    );
  }

  parseWebhook(request: WebhookRequest): HostedWebhookEvent {
    const deliveryId = requireDeliveryId(request, "X-Request-UUID");
    const eventKey = requireEventName(request, "X-Event-Key");
    if (eventKey === "repo:push") return parsePush(request, deliveryId);
    if (eventKey === "pullrequest:created" || eventKey === "pullrequest:updated") {
      return parsePullRequest(request, deliveryId, ACTIONS[eventKey]);
    }
    const other = decodePayload(
      ZBitbucketOtherSchema,
      request.rawBody,
      `Bitbucket ${eventKey} body`,
    );
    const reason = `${eventKey} event`;
    return other.repository
      ? { kind: "ignored", deliveryId, reason, repository: identity(other.repository) }
      : { kind: "ignored", deliveryId, reason };
  }
}

/**
 * A push may change several refs; Cairn builds the first one listed (Bitbucket lists
 * one change per ref, usually a single one).
 */
function parsePush(request: WebhookRequest, deliveryId: string): HostedWebhookEvent {
  const body = decodePayload(ZBitbucketPushSchema, request.rawBody, "Bitbucket push body");
  const repository = identity(body.repository);
  const [change] = body.push.changes;
  const state = change?.new ?? change?.old;
  if (!change || !state) {
    throw new VcsError(
      "invalid_push",
      "Invalid Bitbucket push body: a change has neither new nor old.",
    );
  }
  const ref = refOf(state);
  if (ref === null) {
    return {
      kind: "ignored",
      deliveryId,
      reason: `${state.type} changes are not built`,
      repository,
    };
  }
  const before = change.old?.target.hash ?? ZERO_SHA;
  const after = change.new?.target.hash ?? ZERO_SHA;
  const push = makePushEvent(ref, before, after);
  const skip = push.deleted ? null : skipCiReason(change.new?.target.message);
  if (skip) return { kind: "ignored", deliveryId, reason: skip, repository };
  return { kind: "push", deliveryId, push, repository };
}

function refOf(state: TBitbucketRefState): string | null {
  const prefix =
    state.type === "branch" ? "refs/heads/" : state.type === "tag" ? "refs/tags/" : null;
  if (prefix === null) return null;
  const ref = `${prefix}${state.name}`;
  if (!ZRefSchema.safeParse(ref).success) {
    throw new VcsError("invalid_push", `Invalid Bitbucket push body: bad ${state.type} name.`);
  }
  return ref;
}

function parsePullRequest(
  request: WebhookRequest,
  deliveryId: string,
  action: "opened" | "synchronize",
): HostedWebhookEvent {
  const body = decodePayload(
    ZBitbucketPullRequestSchema,
    request.rawBody,
    "Bitbucket pull request body",
  );
  const repository = identity(body.repository);
  const pr = body.pullrequest;
  assertBranchNames(pr.source.branch.name, pr.destination.branch.name);
  const sourceRepo = pr.source.repository;
  const fromFork = sourceRepo?.uuid !== pr.destination.repository?.uuid;
  return {
    kind: "pull_request",
    deliveryId,
    action,
    repository,
    pullRequest: {
      number: pr.id,
      url: pr.links.html.href,
      headSha: pr.source.commit.hash,
      headBranch: pr.source.branch.name,
      baseBranch: pr.destination.branch.name,
      fromFork,
      title: pr.title,
      ...(fromFork && sourceRepo
        ? { forkCloneUrl: `https://bitbucket.org/${sourceRepo.full_name}.git` }
        : {}),
    },
  };
}

function identity(repository: TBitbucketRepository): RepositoryIdentity {
  return { id: repository.uuid, fullName: repository.full_name };
}

export const bitbucketProvider: VcsProviderAdapter<HostedWebhookEvent> = new BitbucketProvider();
