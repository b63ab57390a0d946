import type { PushEvent } from "./push-event.ts";
import type { SignatureCheck } from "./webhook-signature.ts";

/** The same names as the database's VcsProvider enum. */
export type ProviderId = "github" | "gitlab" | "bitbucket" | "git";

/** What a webhook route hands a provider: headers as received and the untouched body. */
export interface WebhookRequest {
  headers: Headers | Record<string, string | string[] | undefined>;
  rawBody: string | Uint8Array;
}

/** The repository a delivery names, as the provider identifies it (Project.vcsRepoId). */
export interface RepositoryIdentity {
  /** The provider's stable id: GitHub/GitLab numeric id, Bitbucket `{uuid}`. */
  id: string;
  /** `owner/name` (GitLab: the full namespace path). */
  fullName: string;
}

/** What the git provider produces; hosted providers may also produce pull requests. */
export type WebhookEvent =
  | { kind: "push"; deliveryId: string; push: PushEvent; repository?: RepositoryIdentity }
  /** A delivery that is valid but starts nothing (e.g. a ping). */
  | { kind: "ignored"; deliveryId: string; reason: string; repository?: RepositoryIdentity };

export interface PullRequest {
  number: number;
  url: string;
  /** Commit at the head of the source branch (Bitbucket sends an abbreviated hash). */
  headSha: string;
  headBranch: string;
  baseBranch: string;
  /** The source branch lives in another repository: its code is not trusted with secrets. */
  fromFork: boolean;
  /** Where the fork's commits can be fetched, when the provider says. */
  forkCloneUrl?: string;
  title: string;
}

export interface PullRequestWebhookEvent {
  kind: "pull_request";
  deliveryId: string;
  action: "opened" | "synchronize" | "reopened";
  pullRequest: PullRequest;
  repository: RepositoryIdentity;
}

/** Everything a hosted provider (GitHub, GitLab, Bitbucket) can produce. */
export type HostedWebhookEvent = WebhookEvent | PullRequestWebhookEvent;

/**
 * One VCS. A webhook route looks up the project, decrypts its webhook secret, then calls
 * `verifyWebhook` and, when valid, `parseWebhook`; the delivery id goes into
 * WebhookDelivery so a replay does nothing.
 */
export interface VcsProviderAdapter<TEvent extends HostedWebhookEvent = WebhookEvent> {
  readonly id: ProviderId;
  verifyWebhook(request: WebhookRequest, secret: string): SignatureCheck;
  /** Throws VcsError("invalid_push") with a readable message on a bad body. */
  parseWebhook(request: WebhookRequest): TEvent;
}

/** Case-insensitive header lookup; a repeated header comes back joined (and so fails checks). */
export function readHeader(headers: WebhookRequest["headers"], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? value.join(", ") : value;
  }
  return undefined;
}
