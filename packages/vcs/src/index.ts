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
  type ProviderId,
  readHeader,
  type VcsProviderAdapter,
  type WebhookEvent,
  type WebhookRequest,
} from "./provider.ts";
export { GitProvider, gitProvider } from "./providers/git/git-provider.ts";
export { parseGitPush, type TGitPushBody, ZGitPushBodySchema } from "./providers/git/git-push.ts";
export { postReceiveHookPath } from "./providers/git/hook-script.ts";
export { makePushEvent, type PushEvent } from "./push-event.ts";
export {
  generateWebhookSecret,
  SIGNATURE_HEADER,
  type SignatureCheck,
  signWebhookBody,
  verifyWebhookSignature,
} from "./webhook-signature.ts";
