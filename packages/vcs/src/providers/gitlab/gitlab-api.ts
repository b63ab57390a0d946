import {
  type CommitState,
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
import { ProviderHttp } from "../api-http.ts";
import { collectLinkedPages } from "../api-pagination.ts";

/** Reporter: the lowest role that may read a private project's code. */
const REPORTER = 20;
const DEVELOPER = 30;
const MAINTAINER = 40;

interface GitLabProject {
  id: number;
  path_with_namespace: string;
  path: string;
  namespace: { full_path: string };
  visibility: "private" | "internal" | "public";
  default_branch: string | null;
  ssh_url_to_repo: string;
  http_url_to_repo: string;
  web_url: string;
  permissions?: {
    project_access: { access_level: number } | null;
    group_access: { access_level: number } | null;
  };
}

/** GitLab REST API v4 on gitlab.com or a self-hosted instance, OAuth token as Bearer. */
export class GitLabApiClient implements ProviderApiClient {
  readonly provider = "gitlab" as const;
  private readonly http: ProviderHttp;

  constructor(options: ProviderApiOptions) {
    const base = (options.baseUrl ?? DEFAULT_API_BASE_URLS.gitlab).replace(/\/+$/, "");
    this.http = new ProviderHttp({
      ...options,
      provider: "gitlab",
      baseUrl: base.endsWith("/api/v4") ? base : `${base}/api/v4`,
      defaultAccept: "application/json",
      headers: { Authorization: `Bearer ${options.token}`, "User-Agent": "Cairn-CI" },
    });
  }

  async listRepositories(): Promise<ProviderRepository[]> {
    const projects = await collectLinkedPages<GitLabProject>(this.http, "/projects", {
      membership: true,
      min_access_level: REPORTER,
      archived: false,
      per_page: 100,
      order_by: "id",
      sort: "asc",
    });
    return projects.flatMap((project) => toRepository(project) ?? []);
  }

  async getPermission(repo: RepositoryRef): Promise<RepositoryPermission | null> {
    const response = await this.http.json<GitLabProject>({
      method: "GET",
      path: projectPath(repo),
      allowNotFound: true,
    });
    return response ? permissionOf(response.data.permissions) : null;
  }

  async addDeployKey(repo: RepositoryRef, key: DeployKeyInput): Promise<CreatedResource> {
    return this.http.create(`${projectPath(repo)}/deploy_keys`, {
      title: key.title,
      key: key.publicKey,
      can_push: false,
    });
  }

  async removeDeployKey(repo: RepositoryRef, keyId: string): Promise<void> {
    await this.http.deleteIfPresent(
      `${projectPath(repo)}/deploy_keys/${encodeURIComponent(keyId)}`,
    );
  }

  async createWebhook(repo: RepositoryRef, hook: WebhookInput): Promise<CreatedResource> {
    const kinds = new Set(hook.events ?? DEFAULT_WEBHOOK_EVENTS);
    return this.http.create(`${projectPath(repo)}/hooks`, {
      url: hook.url,
      token: hook.secret,
      push_events: kinds.has("push"),
      tag_push_events: kinds.has("tag"),
      merge_requests_events: kinds.has("pull_request"),
      enable_ssl_verification: true,
    });
  }

  async deleteWebhook(repo: RepositoryRef, hookId: string): Promise<void> {
    await this.http.deleteIfPresent(`${projectPath(repo)}/hooks/${encodeURIComponent(hookId)}`);
  }

  async getFileContents(repo: RepositoryRef, path: string, sha: string): Promise<string | null> {
    // The whole file path is one URL-encoded segment (slashes as %2F).
    const filePath = encodeURIComponent(path.replace(/^\/+/, ""));
    return this.http.fileText(`${projectPath(repo)}/repository/files/${filePath}/raw`, "*/*", {
      ref: sha,
    });
  }

  async setCommitStatus(
    repo: RepositoryRef,
    sha: string,
    status: CommitStatusInput,
  ): Promise<void> {
    await this.http.post(`${projectPath(repo)}/statuses/${encodeURIComponent(sha)}`, {
      state: GITLAB_STATES[status.state],
      name: status.context,
      ...(status.description !== undefined && { description: status.description }),
      ...(status.targetUrl !== undefined && { target_url: status.targetUrl }),
    });
  }
}

/** GitLab has no `error` state; both of Cairn's failing states are `failed` there. */
const GITLAB_STATES: Record<CommitState, string> = {
  pending: "pending",
  success: "success",
  failure: "failed",
  error: "failed",
};

/** `/projects/:id`: the numeric id when known, else the URL-encoded full path. */
function projectPath(repo: RepositoryRef): string {
  return `/projects/${encodeURIComponent(repo.id ?? repo.fullName)}`;
}

function permissionOf(permissions: GitLabProject["permissions"]): RepositoryPermission | null {
  const level = Math.max(
    permissions?.project_access?.access_level ?? 0,
    permissions?.group_access?.access_level ?? 0,
  );
  if (level >= MAINTAINER) return "admin";
  if (level >= DEVELOPER) return "write";
  if (level >= REPORTER) return "read";
  return null;
}

function toRepository(project: GitLabProject): ProviderRepository | null {
  const permission = permissionOf(project.permissions);
  if (!permission) return null;
  return {
    id: String(project.id),
    fullName: project.path_with_namespace,
    owner: project.namespace.full_path,
    name: project.path,
    private: project.visibility !== "public",
    defaultBranch: project.default_branch ?? "main",
    sshUrl: project.ssh_url_to_repo,
    httpsUrl: project.http_url_to_repo,
    webUrl: project.web_url,
    permission,
  };
}
