import { VcsError } from "../errors.ts";
import type { HostedProviderId, ProviderApiClient, ProviderApiOptions } from "./api.ts";
import { BitbucketApiClient } from "./bitbucket/bitbucket-api.ts";
import { GitHubApiClient } from "./github/github-api.ts";
import { GitLabApiClient } from "./gitlab/gitlab-api.ts";

/** The REST client for a hosted provider, acting with one user's token. */
export function createProviderApiClient(
  provider: HostedProviderId,
  options: ProviderApiOptions,
): ProviderApiClient {
  switch (provider) {
    case "github":
      return new GitHubApiClient(options);
    case "gitlab":
      return new GitLabApiClient(options);
    case "bitbucket":
      return new BitbucketApiClient(options);
    default:
      throw new VcsError(
        "invalid_argument",
        `${JSON.stringify(provider)} has no provider API (only github, gitlab and bitbucket do).`,
      );
  }
}

export function isHostedProvider(provider: string): provider is HostedProviderId {
  return provider === "github" || provider === "gitlab" || provider === "bitbucket";
}
