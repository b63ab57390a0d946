import {
  type HostedWebhookEvent,
  type RepositoryIdentity,
  readHeader,
  type VcsProviderAdapter,
  type WebhookRequest,
} from "../../provider.ts";
import { makePushEvent } from "../../push-event.ts";
import type { SignatureCheck } from "../../webhook-signature.ts";
import {
  assertBranchNames,
  bodyDeliveryId,
  decodePayload,
  requireEventName,
  skipCiReason,
} from "../hosted/webhook-payload.ts";
import {
  type TGitLabProject,
  ZGitLabMergeRequestSchema,
  ZGitLabOtherSchema,
  ZGitLabPushSchema,
} from "./gitlab-payloads.ts";
import { GITLAB_TOKEN_HEADER, verifyGitLabToken } from "./gitlab-token.ts";

const DELIVERY_HEADER = "X-Gitlab-Event-UUID";
const DELIVERY_ID = /^[A-Za-z0-9._:-]{1,200}$/;
const ACTIONS = { open: "opened", reopen: "reopened", update: "synchronize" } as const;

/** GitLab (gitlab.com or self-managed) project webhooks. */
export class GitLabProvider implements VcsProviderAdapter<HostedWebhookEvent> {
  readonly id = "gitlab" as const;

  verifyWebhook(request: WebhookRequest, secret: string): SignatureCheck {
    return verifyGitLabToken(secret, readHeader(request.headers, GITLAB_TOKEN_HEADER));
  }

  parseWebhook(request: WebhookRequest): HostedWebhookEvent {
    const deliveryId = deliveryIdOf(request);
    const eventName = requireEventName(request, "X-Gitlab-Event");
    if (eventName === "Push Hook" || eventName === "Tag Push Hook") {
      return parsePush(request, deliveryId);
    }
    if (eventName === "Merge Request Hook") return parseMergeRequest(request, deliveryId);
    const other = decodePayload(ZGitLabOtherSchema, request.rawBody, `GitLab ${eventName} body`);
    const reason = `${eventName} event`;
    return other.project
      ? { kind: "ignored", deliveryId, reason, repository: identity(other.project) }
      : { kind: "ignored", deliveryId, reason };
  }
}

/** Older GitLab versions send no event UUID: the body then names the delivery. */
function deliveryIdOf(request: WebhookRequest): string {
  const header = readHeader(request.headers, DELIVERY_HEADER)?.trim();
  if (header && DELIVERY_ID.test(header)) return header;
  return bodyDeliveryId(request.rawBody);
}

function parsePush(request: WebhookRequest, deliveryId: string): HostedWebhookEvent {
  const body = decodePayload(ZGitLabPushSchema, request.rawBody, "GitLab push body");
  const repository = identity(body.project);
  const push = makePushEvent(body.ref, body.before, body.after);
  // GitLab lists up to 20 commits; the pushed head is the one `after` names.
  const head = body.commits.find((commit) => commit.id.toLowerCase() === push.after);
  const skip = push.deleted ? null : skipCiReason(head?.message);
  if (skip) return { kind: "ignored", deliveryId, reason: skip, repository };
  return { kind: "push", deliveryId, push, repository };
}

function parseMergeRequest(request: WebhookRequest, deliveryId: string): HostedWebhookEvent {
  const body = decodePayload(
    ZGitLabMergeRequestSchema,
    request.rawBody,
    "GitLab merge request body",
  );
  const repository = identity(body.project);
  const mr = body.object_attributes;
  const action = mr.action ?? "unknown";
  if (!(action === "open" || action === "reopen" || action === "update")) {
    return { kind: "ignored", deliveryId, reason: `merge request ${action}`, repository };
  }
  // An update without oldrev changed the title, labels… but no code.
  if (action === "update" && mr.oldrev === undefined) {
    return {
      kind: "ignored",
      deliveryId,
      reason: "merge request updated without new commits",
      repository,
    };
  }
  const skip = skipCiReason(mr.last_commit.message);
  if (skip) return { kind: "ignored", deliveryId, reason: skip, repository };
  assertBranchNames(mr.source_branch, mr.target_branch);
  const fromFork = mr.source_project_id !== mr.target_project_id;
  return {
    kind: "pull_request",
    deliveryId,
    action: ACTIONS[action],
    repository,
    pullRequest: {
      number: mr.iid,
      url: mr.url,
      headSha: mr.last_commit.id,
      headBranch: mr.source_branch,
      baseBranch: mr.target_branch,
      fromFork,
      title: mr.title,
      ...(fromFork && mr.source ? { forkCloneUrl: mr.source.git_http_url } : {}),
    },
  };
}

function identity(project: TGitLabProject): RepositoryIdentity {
  return { id: String(project.id), fullName: project.path_with_namespace };
}

export const gitlabProvider: VcsProviderAdapter<HostedWebhookEvent> = new GitLabProvider();
