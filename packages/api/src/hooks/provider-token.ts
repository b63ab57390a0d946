import { ProviderTokenError, providerAccessToken } from "@cairn/auth";
import type { Project } from "@cairn/db";
import {
  createProviderApiClient,
  DEFAULT_API_BASE_URLS,
  type HostedProviderId,
  isHostedProvider,
  type ProviderApiClient,
  type RepositoryRef,
} from "@cairn/vcs";
import type { Services } from "../services.ts";

/** Who acts at the provider for a project: admins first, then writers, then readers. */
const PERMISSION_ORDER = ["admin", "write", "read"];

export interface ProjectProviderToken {
  userId: string;
  token: string;
}

/**
 * The provider token Cairn uses for a project's background calls (reading the config at a
 * commit, posting commit statuses): that of a user who can reach the repository — whoever
 * has the highest permission on it as last listed (RepositoryAccess, kept by following and
 * repository listing), else an owner or admin of the project's organization with an account
 * at that provider. Tokens are decrypted (and refreshed when expired) for this use only.
 * `null` when nobody's token is usable.
 */
export async function providerTokenForProject(
  services: Services,
  projectId: string,
): Promise<ProjectProviderToken | null> {
  const project = await services.db.project.findUnique({
    where: { id: projectId },
    select: { provider: true, vcsRepoId: true, organizationId: true },
  });
  if (!project || !isHostedProvider(project.provider)) return null;
  const provider = project.provider;

  const candidates: string[] = [];
  if (project.vcsRepoId) {
    const access = await services.db.repositoryAccess.findMany({
      where: { provider, vcsRepoId: project.vcsRepoId },
      select: { userId: true, permission: true },
      orderBy: { syncedAt: "desc" },
    });
    access.sort(
      (a, b) => PERMISSION_ORDER.indexOf(a.permission) - PERMISSION_ORDER.indexOf(b.permission),
    );
    candidates.push(...access.map((row) => row.userId));
  }
  const managers = await services.db.membership.findMany({
    where: { organizationId: project.organizationId, role: { in: ["owner", "admin"] } },
    select: { userId: true },
    orderBy: { createdAt: "asc" },
  });
  candidates.push(...managers.map((row) => row.userId));

  for (const userId of new Set(candidates)) {
    try {
      const token = await providerAccessToken(
        services.db,
        services.cipher,
        services.oauth ?? {},
        userId,
        provider,
      );
      return { userId, token };
    } catch (error) {
      // This user has no (usable) account at the provider: try the next one.
      if (error instanceof ProviderTokenError) continue;
      throw error;
    }
  }
  return null;
}

/** How the provider's API names a project's repository. */
export function repositoryRefOf(
  project: Pick<Project, "owner" | "name" | "vcsRepoId">,
): RepositoryRef {
  return {
    fullName: `${project.owner}/${project.name}`,
    ...(project.vcsRepoId ? { id: project.vcsRepoId } : {}),
  };
}

/** The API base URL configured for a provider (its OAuth settings), else the public one. */
export function providerApiBaseUrl(services: Services, provider: HostedProviderId): string {
  return services.oauth?.[provider]?.apiUrl ?? DEFAULT_API_BASE_URLS[provider];
}

/** The provider's API acting with the project's token, or null when there is none. */
export async function projectProviderClient(
  services: Services,
  project: Pick<Project, "id" | "provider">,
): Promise<ProviderApiClient | null> {
  if (!isHostedProvider(project.provider)) return null;
  const found = await providerTokenForProject(services, project.id);
  if (!found) return null;
  return createProviderApiClient(project.provider, {
    token: found.token,
    baseUrl: providerApiBaseUrl(services, project.provider),
  });
}
