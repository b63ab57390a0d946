import type { OAuthProviderId } from "@cairn/auth";
import type { ProviderRepository } from "@cairn/vcs";
import { ApiError } from "../errors.ts";
import type { Services } from "../services.ts";
import { callProvider, providerClientFor } from "./provider-client.ts";
import { ensureProviderOrganization, setProviderMembership } from "./provider-organization.ts";

export const DEFAULT_REPOSITORY_SYNC_MINUTES = 60;

/**
 * Lists the user's repositories at a provider with their permission on each, keeps them
 * for the "Add project" page, and makes Cairn's organizations follow the provider:
 *
 * - each owner (user, group, workspace) the user can see a repository of is a Cairn
 *   organization `gh/<owner>` (`gl/…`, `bb/…`) and the user one of its members;
 * - role `admin` when the provider makes them admin of every repository of that owner they
 *   can see (an organization owner, a personal namespace), else `member` (write and read
 *   alike: Cairn's members see the organization's projects and run pipelines; only admins
 *   change settings). Following a repository asks the provider again for admin rights on
 *   that one repository;
 * - a membership in an organization of this provider whose owner no longer shows up is
 *   removed, so access lost at the provider is lost in Cairn on the next sync.
 */
export async function syncUserRepositories(
  services: Services,
  userId: string,
  provider: OAuthProviderId,
  options: { accessToken?: string } = {},
) {
  const client = await providerClientFor(services, userId, provider, options.accessToken);
  const repositories = await callProvider(() => client.listRepositories());
  const { db } = services;
  const now = new Date();

  for (const repo of repositories) await saveAccess(services, userId, provider, repo, now);
  await db.repositoryAccess.deleteMany({ where: { userId, provider, syncedAt: { lt: now } } });

  const owners = new Map<string, ProviderRepository[]>();
  for (const repo of repositories)
    owners.set(repo.owner, [...(owners.get(repo.owner) ?? []), repo]);
  const keep: string[] = [];
  for (const [owner, repos] of owners) {
    const organization = await ensureProviderOrganization(db, provider, owner);
    const admin = repos.every((repo) => repo.permission === "admin");
    await setProviderMembership(db, userId, organization.id, admin ? "admin" : "member");
    keep.push(organization.id);
  }
  await db.membership.deleteMany({
    where: {
      userId,
      role: { not: "owner" },
      organization: { provider },
      organizationId: { notIn: keep },
    },
  });
  await db.account.updateMany({
    where: { userId, provider },
    data: { repositoriesSyncedAt: now },
  });
  return { repositories: repositories.length, organizations: keep.length, syncedAt: now };
}

function saveAccess(
  services: Services,
  userId: string,
  provider: OAuthProviderId,
  repo: ProviderRepository,
  now: Date,
) {
  const fields = {
    fullName: repo.fullName,
    owner: repo.owner,
    name: repo.name,
    private: repo.private,
    defaultBranch: repo.defaultBranch,
    sshUrl: repo.sshUrl,
    webUrl: repo.webUrl,
    permission: repo.permission,
    syncedAt: now,
  };
  return services.db.repositoryAccess.upsert({
    where: { userId_provider_vcsRepoId: { userId, provider, vcsRepoId: repo.id } },
    update: fields,
    create: { userId, provider, vcsRepoId: repo.id, ...fields },
  });
}

/** Syncs the user's accounts whose repositories were listed longer ago than the setting. */
export async function syncStaleRepositories(services: Services, userId: string) {
  const accounts = await services.db.account.findMany({
    where: { userId, ...staleAccounts(services) },
    select: { provider: true },
  });
  const failures: Partial<Record<OAuthProviderId, string>> = {};
  for (const { provider } of accounts) {
    const id = provider as OAuthProviderId;
    await syncUserRepositories(services, userId, id).catch((error: unknown) => {
      failures[id] = error instanceof ApiError ? error.message : "Listing the repositories failed.";
    });
  }
  return failures;
}

/** Every user's stale accounts, e.g. hourly from the web server, so lost access is dropped. */
export async function syncAllStaleRepositories(services: Services) {
  const users = await services.db.account.findMany({
    where: staleAccounts(services),
    distinct: ["userId"],
    select: { userId: true },
  });
  let failed = 0;
  for (const { userId } of users) {
    const failures = await syncStaleRepositories(services, userId);
    failed += Object.keys(failures).length;
  }
  return { users: users.length, failed };
}

/** Accounts at a configured provider whose repositories were listed longer ago than the setting. */
function staleAccounts(services: Services) {
  const minutes = services.repositorySyncMinutes ?? DEFAULT_REPOSITORY_SYNC_MINUTES;
  const before = new Date(Date.now() - minutes * 60_000);
  return {
    provider: { in: Object.keys(services.oauth ?? {}) },
    OR: [{ repositoriesSyncedAt: null }, { repositoriesSyncedAt: { lt: before } }],
  };
}
