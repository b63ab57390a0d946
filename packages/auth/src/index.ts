export type { AuthConfig } from "@auth/core";
export {
  authenticateApiToken,
  authenticateApiTokenWithId,
  createApiToken,
} from "./api-tokens.ts";
export {
  INVITATION_LIFETIME_MS,
  InvitationError,
  inviteUser,
  listPendingInvitations,
} from "./invitations.ts";
export {
  findProviderAccount,
  ProviderTokenError,
  providerAccessToken,
  storeAccountTokens,
} from "./oauth/account-token.ts";
export {
  type CairnAuthOptions,
  createAuthConfig,
  handleAuthRequest,
  type OAuthSignInEvent,
} from "./oauth/auth-config.ts";
export { type AccountTokens, encryptAccountTokens } from "./oauth/encrypted-adapter.ts";
export { checkOAuthSettings, oauthSettingsFrom, oauthSettingsShape } from "./oauth/env-settings.ts";
export { buildOAuthProviders, OAUTH_SCOPES } from "./oauth/providers.ts";
export {
  enabledOAuthProviders,
  isOAuthProviderId,
  OAUTH_BASE_PATH,
  OAUTH_PROVIDER_IDS,
  OAUTH_PROVIDER_NAMES,
  type OAuthAppSettings,
  type OAuthProviderId,
  type OAuthSettings,
  oauthCallbackUrl,
} from "./oauth/settings.ts";
export {
  createSession,
  getSessionUser,
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  SESSION_MAX_AGE_SECONDS,
  sessionCookieName,
} from "./session.ts";
export {
  createSignInLink,
  ensureLocalAdministrator,
  LOCAL_ADMIN_EMAIL,
  redeemSignInLink,
  SIGN_IN_LINK_PATH,
  type TRedeemResult,
} from "./sign-in-link.ts";
export { hashToken, randomToken } from "./tokens.ts";
