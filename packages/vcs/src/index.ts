export {
  assertUsablePrivateKey,
  type DeployKey,
  fingerprintOf,
  generateDeployKey,
} from "./deploy-keys.ts";
export { VcsError, type VcsErrorCode } from "./errors.ts";
export { type GitTransport, type GitUrl, normalizeGitUrl } from "./git-url.ts";
export {
  type CheckoutOptions,
  type FetchResult,
  GitMirror,
  type GitMirrorOptions,
  type RepositoryMirror,
} from "./mirror/git-mirror.ts";
export {
  type HostedWebhookEvent,
  type ProviderId,
  type PullRequest,
  type PullRequestWebhookEvent,
  type RepositoryIdentity,
  readHeader,
  type VcsProviderAdapter,
  type WebhookEvent,
  type WebhookRequest,
} from "./provider.ts";
export {
  type CommitState,
  type CommitStatusInput,
  type CreatedResource,
  DEFAULT_API_BASE_URLS,
  DEFAULT_WEBHOOK_EVENTS,
  type DeployKeyInput,
  type HostedProviderId,
  type ProviderApiClient,
  type ProviderApiOptions,
  type ProviderRepository,
  type RepositoryPermission,
  type RepositoryRef,
  type RetryPolicy,
  type WebhookEventKind,
  type WebhookInput,
} from "./providers/api.ts";
export { createProviderApiClient, isHostedProvider } from "./providers/api-client.ts";
export {
  ProviderApiError,
  type ProviderApiErrorCode,
} from "./providers/api-errors.ts";
export { DEFAULT_RETRY_POLICY, parseRetryAfter } from "./providers/api-http.ts";
export { BitbucketApiClient } from "./providers/bitbucket/bitbucket-api.ts";
export {
  BITBUCKET_SIGNATURE_HEADER,
  BitbucketProvider,
  bitbucketProvider,
} from "./providers/bitbucket/bitbucket-provider.ts";
export { GitProvider, gitProvider } from "./providers/git/git-provider.ts";
export { parseGitPush, type TGitPushBody, ZGitPushBodySchema } from "./providers/git/git-push.ts";
export { postReceiveHookPath } from "./providers/git/hook-script.ts";
export { GITHUB_API_VERSION, GitHubApiClient } from "./providers/github/github-api.ts";
export {
  GITHUB_SIGNATURE_HEADER,
  GitHubProvider,
  githubProvider,
} from "./providers/github/github-provider.ts";
export { GitLabApiClient } from "./providers/gitlab/gitlab-api.ts";
export { GitLabProvider, gitlabProvider } from "./providers/gitlab/gitlab-provider.ts";
export { GITLAB_TOKEN_HEADER } from "./providers/gitlab/gitlab-token.ts";
export { providerAdapter } from "./providers/index.ts";
export { makePushEvent, type PushEvent } from "./push-event.ts";
export {
  generateWebhookSecret,
  SIGNATURE_HEADER,
  type SignatureCheck,
  signWebhookBody,
  verifyWebhookSignature,
} from "./webhook-signature.ts";
