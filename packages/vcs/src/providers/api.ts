import type { ProviderId } from "../provider.ts";

/** The hosted providers that have a REST API (the `git` provider has none). */
export type HostedProviderId = Exclude<ProviderId, "git">;

/** The signed-in user's access to a repository, as Cairn maps it onto its own roles. */
export type RepositoryPermission = "admin" | "write" | "read";

/**
 * Which repository a call is about. `fullName` is `owner/name` (GitLab: the full namespace
 * path, Bitbucket: `workspace/repo_slug`); `id` is the provider's own id when known
 * (Project.vcsRepoId) and is preferred where the API accepts it (GitLab).
 */
export interface RepositoryRef {
  fullName: string;
  id?: string;
}

/** One repository as a provider lists it, with the user's permission on it. */
export interface ProviderRepository {
  /** Project.vcsRepoId: GitHub/GitLab numeric id as a string, Bitbucket `{uuid}`. */
  id: string;
  fullName: string;
  owner: string;
  name: string;
  private: boolean;
  defaultBranch: string;
  /** Clone URL over SSH (what the deploy key is for). */
  sshUrl: string;
  httpsUrl: string;
  webUrl: string;
  permission: RepositoryPermission;
}

export interface DeployKeyInput {
  title: string;
  /** The `ssh-ed25519 …` line. Always added read-only. */
  publicKey: string;
}

/** Events a webhook is created for; each client maps them onto its provider's names. */
export type WebhookEventKind = "push" | "tag" | "pull_request";

export const DEFAULT_WEBHOOK_EVENTS: readonly WebhookEventKind[] = ["push", "tag", "pull_request"];

export interface WebhookInput {
  url: string;
  secret: string;
  events?: readonly WebhookEventKind[];
}

export type CommitState = "pending" | "success" | "failure" | "error";

export interface CommitStatusInput {
  state: CommitState;
  /** e.g. `cairn/build`; identifies the status so later updates replace it. */
  context: string;
  description?: string;
  targetUrl?: string;
}

/** An id the provider gave a created deploy key or webhook, kept to remove it later. */
export interface CreatedResource {
  id: string;
}

/**
 * One hosted provider's REST API, called with one user's token. Every method throws
 * `ProviderApiError` (see api-errors.ts) on failure, after retrying 5xx, 429 and network
 * errors with backoff.
 */
export interface ProviderApiClient {
  readonly provider: HostedProviderId;
  /** Repositories the token's user can see, with their permission on each. */
  listRepositories(): Promise<ProviderRepository[]>;
  /** The user's permission on one repository, `null` when they cannot see it. */
  getPermission(repo: RepositoryRef): Promise<RepositoryPermission | null>;
  addDeployKey(repo: RepositoryRef, key: DeployKeyInput): Promise<CreatedResource>;
  /** Removing a key that is already gone succeeds. */
  removeDeployKey(repo: RepositoryRef, keyId: string): Promise<void>;
  createWebhook(repo: RepositoryRef, hook: WebhookInput): Promise<CreatedResource>;
  /** Deleting a webhook that is already gone succeeds. */
  deleteWebhook(repo: RepositoryRef, hookId: string): Promise<void>;
  /** The file's text at that commit, `null` when the file does not exist there. */
  getFileContents(repo: RepositoryRef, path: string, sha: string): Promise<string | null>;
  setCommitStatus(repo: RepositoryRef, sha: string, status: CommitStatusInput): Promise<void>;
}

export interface ProviderApiOptions {
  /** The user's OAuth access token (or a personal access token). */
  token: string;
  /**
   * The API's base URL: GitHub `https://api.github.com` (Enterprise Server:
   * `https://HOST/api/v3`), GitLab `https://gitlab.com` (the client adds `/api/v4`),
   * Bitbucket `https://api.bitbucket.org/2.0`.
   */
  baseUrl?: string;
  /** Retry policy for 5xx, 429 and network errors. */
  retry?: Partial<RetryPolicy>;
  /** Replaced in tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Upper bound for one request, milliseconds (default 15 000). */
  timeoutMs?: number;
}

export interface RetryPolicy {
  /** Attempts in all, the first included (default 4). */
  attempts: number;
  /** First delay, doubled each time with jitter (default 500 ms). */
  baseDelayMs: number;
  /** No single wait is longer than this, Retry-After included (default 30 s). */
  maxDelayMs: number;
}

export const DEFAULT_API_BASE_URLS: Record<HostedProviderId, string> = {
  github: "https://api.github.com",
  gitlab: "https://gitlab.com",
  bitbucket: "https://api.bitbucket.org/2.0",
};
