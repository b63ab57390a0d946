import {
  OAUTH_PROVIDER_NAMES,
  type OAuthProviderId,
  ProviderTokenError,
  providerAccessToken,
} from "@cairn/auth";
import { createProviderApiClient, type ProviderApiClient, ProviderApiError } from "@cairn/vcs";
import { ApiError } from "../errors.ts";
import type { Services } from "../services.ts";

/** The provider's REST API acting as this user, with their stored (decrypted) token. */
export async function providerClientFor(
  services: Services,
  userId: string,
  provider: OAuthProviderId,
  accessToken?: string,
): Promise<ProviderApiClient> {
  const app = services.oauth?.[provider];
  if (!app) {
    throw new ApiError(
      "unavailable",
      `Sign-in with ${OAUTH_PROVIDER_NAMES[provider]} is not configured.`,
    );
  }
  let token = accessToken;
  try {
    token ??= await providerAccessToken(
      services.db,
      services.cipher,
      services.oauth ?? {},
      userId,
      provider,
    );
  } catch (error) {
    if (error instanceof ProviderTokenError) throw new ApiError("forbidden", error.message);
    throw error;
  }
  return createProviderApiClient(provider, {
    token,
    baseUrl: app.apiUrl,
    ...(services.providerFetch ? { fetch: services.providerFetch } : {}),
  });
}

/**
 * A provider API failure as an error the user can act on. A refused token is `forbidden`
 * (not `unauthorized`, which would mean "not signed in to Cairn").
 */
export function toApiError(error: unknown): unknown {
  if (!(error instanceof ProviderApiError)) return error;
  const name = OAUTH_PROVIDER_NAMES[error.provider];
  switch (error.code) {
    case "unauthorized":
      return new ApiError(
        "forbidden",
        `${name} no longer accepts Cairn's access: sign in with ${name} again.`,
      );
    case "forbidden":
      return new ApiError("forbidden", error.message);
    case "not_found":
      return new ApiError("not_found", error.message);
    case "conflict":
      return new ApiError("conflict", error.message);
    case "invalid_request":
      return new ApiError("invalid_input", error.message);
    default:
      return new ApiError("unavailable", error.message);
  }
}

/** Runs provider calls, turning their failures into ApiErrors. */
export async function callProvider<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toApiError(error);
  }
}
