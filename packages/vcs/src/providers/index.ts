import { VcsError } from "../errors.ts";
import type { HostedWebhookEvent, ProviderId, VcsProviderAdapter } from "../provider.ts";
import { bitbucketProvider } from "./bitbucket/bitbucket-provider.ts";
import { gitProvider } from "./git/git-provider.ts";
import { githubProvider } from "./github/github-provider.ts";
import { gitlabProvider } from "./gitlab/gitlab-provider.ts";

const ADAPTERS: Record<ProviderId, VcsProviderAdapter<HostedWebhookEvent>> = {
  git: gitProvider,
  github: githubProvider,
  gitlab: gitlabProvider,
  bitbucket: bitbucketProvider,
};

/** The adapter for a project's provider (Project.vcsProvider). */
export function providerAdapter(id: ProviderId): VcsProviderAdapter<HostedWebhookEvent> {
  const adapter = Object.hasOwn(ADAPTERS, id) ? ADAPTERS[id] : undefined;
  if (!adapter)
    throw new VcsError("invalid_argument", `Unknown VCS provider ${JSON.stringify(id)}.`);
  return adapter;
}
