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
  BITBUCKET_SIGNATURE_HEADER,
  BitbucketProvider,
  bitbucketProvider,
} from "./providers/bitbucket/bitbucket-provider.ts";
export { GitProvider, gitProvider } from "./providers/git/git-provider.ts";
export { parseGitPush, type TGitPushBody, ZGitPushBodySchema } from "./providers/git/git-push.ts";
export { postReceiveHookPath } from "./providers/git/hook-script.ts";
export {
  GITHUB_SIGNATURE_HEADER,
  GitHubProvider,
  githubProvider,
} from "./providers/github/github-provider.ts";
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
