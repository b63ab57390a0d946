import { enabledOAuthProviders, OAUTH_PROVIDER_NAMES, type OAuthProviderId } from "@cairn/auth";
import type { Viewer } from "../access/viewer.ts";
import { ApiError } from "../errors.ts";
import type { Services } from "../services.ts";
import { projectSlug } from "./provider-organization.ts";
import { syncStaleRepositories, syncUserRepositories } from "./sync-user-repositories.ts";

/**
 * The "Add project" page: per configured provider, whether the viewer signed in with it and
 * their repositories (listed again when older than the sync setting, or when `refresh`),
 * each with the permission, whether it may be followed, and its Cairn project if any.
 */
export async function listUserRepositories(
  services: Services,
  viewer: Viewer,
  options: { refresh?: boolean } = {},
) {
  const providers = enabledOAuthProviders(services.oauth ?? {});
  const accounts = await services.db.account.findMany({
    where: { userId: viewer.id, provider: { in: providers } },
    select: { provider: true, repositoriesSyncedAt: true },
  });
  const linked = new Set(accounts.map((account) => account.provider));
  const errors: Partial<Record<OAuthProviderId, string>> = options.refresh
    ? await refreshAll(
        services,
        viewer.id,
        providers.filter((p) => linked.has(p)),
      )
    : await syncStaleRepositories(services, viewer.id);

  const rows = await services.db.repositoryAccess.findMany({
    where: { userId: viewer.id, provider: { in: providers } },
    orderBy: [{ owner: "asc" }, { name: "asc" }],
  });
  const slugs = rows.map((row) =>
    projectSlug(row.provider as OAuthProviderId, row.owner, row.name),
  );
  const projects = await services.db.project.findMany({
    where: { slug: { in: slugs } },
    select: { slug: true, unfollowedAt: true },
  });
  const projectBySlug = new Map(projects.map((p) => [p.slug, p]));
  const synced = await services.db.account.findMany({
    where: { userId: viewer.id, provider: { in: providers } },
    select: { provider: true, repositoriesSyncedAt: true },
  });

  return providers.map((provider) => ({
    provider,
    name: OAUTH_PROVIDER_NAMES[provider],
    signedIn: linked.has(provider),
    syncedAt:
      synced.find((a) => a.provider === provider)?.repositoriesSyncedAt?.toISOString() ?? null,
    error: errors[provider] ?? null,
    repositories: rows
      .filter((row) => row.provider === provider)
      .map((row) => {
        const slug = projectSlug(provider, row.owner, row.name);
        const project = projectBySlug.get(slug);
        return {
          id: row.vcsRepoId,
          fullName: row.fullName,
          owner: row.owner,
          name: row.name,
          private: row.private,
          webUrl: row.webUrl,
          permission: row.permission as "admin" | "write" | "read",
          canFollow: row.permission === "admin",
          project: project ? { slug, followed: project.unfollowedAt === null } : null,
        };
      }),
  }));
}

async function refreshAll(services: Services, userId: string, providers: OAuthProviderId[]) {
  const errors: Partial<Record<OAuthProviderId, string>> = {};
  for (const provider of providers) {
    await syncUserRepositories(services, userId, provider).catch((error: unknown) => {
      errors[provider] =
        error instanceof ApiError ? error.message : "Listing the repositories failed.";
    });
  }
  return errors;
}
