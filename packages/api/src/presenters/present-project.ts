import type { Organization, Project, VcsProvider } from "@cairn/db";
import { normalizeGitUrl } from "@cairn/vcs";

/** CircleCI's names of the VCS providers in `vcs_info.provider`. */
const PROVIDER_NAMES: Record<VcsProvider, string> = {
  github: "GitHub",
  gitlab: "GitLab",
  bitbucket: "Bitbucket",
  git: "Git",
};

/** A repository URL without the credentials an https URL may carry. */
export function safeRepositoryUrl(url: string): string {
  try {
    return normalizeGitUrl(url).safeUrl;
  } catch {
    return "";
  }
}

/** `GET /api/v2/project/{slug}` in CircleCI's shape. */
export function presentProject(project: Project & { organization: Organization }) {
  return {
    slug: project.slug,
    name: project.name,
    id: project.id,
    organization_name: project.organization.name,
    organization_slug: project.organization.slug,
    organization_id: project.organizationId,
    vcs_info: {
      vcs_url: safeRepositoryUrl(project.repoUrl),
      provider: PROVIDER_NAMES[project.provider],
      default_branch: project.defaultBranch,
    },
  };
}
