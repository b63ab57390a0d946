import { VcsError } from "../../errors.ts";
import {
  type CommitStatusInput,
  type CreatedResource,
  DEFAULT_API_BASE_URLS,
  DEFAULT_WEBHOOK_EVENTS,
  type DeployKeyInput,
  type ProviderApiClient,
  type ProviderApiOptions,
  type ProviderRepository,
  type RepositoryPermission,
  type RepositoryRef,
  type WebhookInput,
} from "../api.ts";
import { encodeFilePath, ProviderHttp } from "../api-http.ts";
import { collectLinkedPages } from "../api-pagination.ts";

export const GITHUB_API_VERSION = "2022-11-28";
const JSON_MEDIA_TYPE = "application/vnd.github+json";
const RAW_MEDIA_TYPE = "application/vnd.github.raw+json";

interface GitHubRepo {
  id: number;
  full_name: string;
  name: string;
  owner: { login: string };
  private: boolean;
  default_branch: string;
  ssh_url: string;
  clone_url: string;
  html_url: string;
  permissions?: { admin?: boolean; maintain?: boolean; push?: boolean; pull?: boolean };
}

/**
 * GitHub's REST API (github.com or Enterprise Server at `https://HOST/api/v3`), version
 * 2022-11-28, with a user's OAuth token as `Authorization: Bearer`.
 */
export class GitHubApiClient implements ProviderApiClient {
  readonly provider = "github" as const;
  private readonly http: ProviderHttp;

  constructor(options: ProviderApiOptions) {
    this.http = new ProviderHttp({
      ...options,
      provider: "github",
      baseUrl: options.baseUrl ?? DEFAULT_API_BASE_URLS.github,
      defaultAccept: JSON_MEDIA_TYPE,
      headers: {
        Authorization: `Bearer ${options.token}`,
        "X-GitHub-Api-Version": GITHUB_API_VERSION,
        "User-Agent": "Cairn-CI",
      },
    });
  }

  async listRepositories(): Promise<ProviderRepository[]> {
    const repos = await collectLinkedPages<GitHubRepo>(this.http, "/user/repos", {
      affiliation: "owner,collaborator,organization_member",
      per_page: 100,
    });
    return repos.flatMap((repo) => toRepository(repo) ?? []);
  }

  async getPermission(repo: RepositoryRef): Promise<RepositoryPermission | null> {
    const response = await this.http.json<GitHubRepo>({
      method: "GET",
      path: repoPath(repo),
      allowNotFound: true,
    });
    if (!response) return null;
    return permissionOf(response.data.permissions);
  }

  async addDeployKey(repo: RepositoryRef, key: DeployKeyInput): Promise<CreatedResource> {
    return this.http.create(`${repoPath(repo)}/keys`, {
      title: key.title,
      key: key.publicKey,
      read_only: true,
    });
  }

  async removeDeployKey(repo: RepositoryRef, keyId: string): Promise<void> {
    await this.http.deleteIfPresent(`${repoPath(repo)}/keys/${encodeURIComponent(keyId)}`);
  }

  async createWebhook(repo: RepositoryRef, hook: WebhookInput): Promise<CreatedResource> {
    const kinds = hook.events ?? DEFAULT_WEBHOOK_EVENTS;
    // GitHub sends tag pushes as `push` events.
    const events = [...new Set(kinds.map((kind) => (kind === "tag" ? "push" : kind)))];
    return this.http.create(`${repoPath(repo)}/hooks`, {
      name: "web",
      active: true,
      events,
      config: { url: hook.url, content_type: "json", secret: hook.secret, insecure_ssl: "0" },
    });
  }

  async deleteWebhook(repo: RepositoryRef, hookId: string): Promise<void> {
    await this.http.deleteIfPresent(`${repoPath(repo)}/hooks/${encodeURIComponent(hookId)}`);
  }

  async getFileContents(repo: RepositoryRef, path: string, sha: string): Promise<string | null> {
    return this.http.fileText(
      `${repoPath(repo)}/contents/${encodeFilePath(path)}`,
      RAW_MEDIA_TYPE,
      { ref: sha },
    );
  }

  async setCommitStatus(
    repo: RepositoryRef,
    sha: string,
    status: CommitStatusInput,
  ): Promise<void> {
    await this.http.post(`${repoPath(repo)}/statuses/${encodeURIComponent(sha)}`, {
      state: status.state,
      context: status.context,
      ...(status.description !== undefined && {
        description: truncate(status.description, 140),
      }),
      ...(status.targetUrl !== undefined && { target_url: status.targetUrl }),
    });
  }
}

function repoPath(repo: RepositoryRef): string {
  const [owner, name, ...rest] = repo.fullName.split("/");
  if (!owner || !name || rest.length > 0)
    throw new VcsError("invalid_argument", `Not a GitHub repository name: ${repo.fullName}.`);
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
}

function permissionOf(permissions: GitHubRepo["permissions"]): RepositoryPermission | null {
  if (!permissions) return null;
  if (permissions.admin) return "admin";
  if (permissions.maintain || permissions.push) return "write";
  if (permissions.pull) return "read";
  return null;
}

function toRepository(repo: GitHubRepo): ProviderRepository | null {
  const permission = permissionOf(repo.permissions);
  if (!permission) return null;
  return {
    id: String(repo.id),
    fullName: repo.full_name,
    owner: repo.owner.login,
    name: repo.name,
    private: repo.private,
    defaultBranch: repo.default_branch,
    sshUrl: repo.ssh_url,
    httpsUrl: repo.clone_url,
    webUrl: repo.html_url,
    permission,
  };
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
