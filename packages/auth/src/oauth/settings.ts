/** The VCS hosts a user can sign in with. */
export type OAuthProviderId = "github" | "gitlab" | "bitbucket";

export const OAUTH_PROVIDER_IDS: readonly OAuthProviderId[] = ["github", "gitlab", "bitbucket"];

export const OAUTH_PROVIDER_NAMES: Record<OAuthProviderId, string> = {
  github: "GitHub",
  gitlab: "GitLab",
  bitbucket: "Bitbucket",
};

/** One OAuth application registered at a provider, and where that provider lives. */
export interface OAuthAppSettings {
  clientId: string;
  clientSecret: string;
  /**
   * The provider's web origin, where the browser authorizes and tokens are exchanged:
   * `https://github.com`, `https://gitlab.com` (or a self-hosted GitLab),
   * `https://bitbucket.org`.
   */
  webUrl: string;
  /**
   * The REST API's base URL: `https://api.github.com`, GitLab's web URL (the clients add
   * `/api/v4`), `https://api.bitbucket.org/2.0`.
   */
  apiUrl: string;
}

/** Only providers whose client id and secret are both configured appear here. */
export type OAuthSettings = Partial<Record<OAuthProviderId, OAuthAppSettings>>;

export function enabledOAuthProviders(settings: OAuthSettings): OAuthProviderId[] {
  return OAUTH_PROVIDER_IDS.filter((id) => settings[id] !== undefined);
}

export function isOAuthProviderId(value: string): value is OAuthProviderId {
  return (OAUTH_PROVIDER_IDS as readonly string[]).includes(value);
}

/** Where the provider sends the browser back after authorizing (register it with the app). */
export const OAUTH_BASE_PATH = "/api/auth";

export function oauthCallbackUrl(baseUrl: string, provider: OAuthProviderId): string {
  return new URL(`${OAUTH_BASE_PATH}/callback/${provider}`, baseUrl).toString();
}
