import { VcsError } from "../../errors.ts";
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
  type WebhookEventKind,
  type WebhookInput,
} from "../api.ts";
import { encodeFilePath, ProviderHttp } from "../api-http.ts";
import { collectPages } from "../api-pagination.ts";

interface BitbucketPage<T> {
  values: T[];
  next?: string;
}

interface BitbucketRepository {
  uuid: string;
  full_name: string;
  name: string;
  slug?: string;
  is_private?: boolean;
  mainbranch?: { name: string } | null;
  owner?: { username?: string; nickname?: string };
  workspace?: { slug: string };
  links?: {
    html?: { href: string };
    clone?: { name: string; href: string }[];
  };
}

interface BitbucketPermission {
  permission: "admin" | "write" | "read" | "none";
  repository: BitbucketRepository;
}

/** Bitbucket events for each kind Cairn asks for (a tag push is a `repo:push` too). */
const BITBUCKET_EVENTS: Record<WebhookEventKind, string[]> = {
  push: ["repo:push"],
  tag: ["repo:push"],
  pull_request: ["pullrequest:created", "pullrequest:updated"],
};

/** Bitbucket Cloud REST API 2.0 with a user's OAuth access token as Bearer. */
export class BitbucketApiClient implements ProviderApiClient {
  readonly provider = "bitbucket" as const;
  private readonly http: ProviderHttp;

  constructor(options: ProviderApiOptions) {
    this.http = new ProviderHttp({
      ...options,
      provider: "bitbucket",
      baseUrl: options.baseUrl ?? DEFAULT_API_BASE_URLS.bitbucket,
      defaultAccept: "application/json",
      headers: { Authorization: `Bearer ${options.token}`, "User-Agent": "Cairn-CI" },
    });
  }

  /**
   * The user's permission list names each repository only briefly, so the details come
   * from `/repositories?role=member`, joined by uuid.
   */
  async listRepositories(): Promise<ProviderRepository[]> {
    const permissions = new Map<string, RepositoryPermission>();
    for (const entry of await this.pages<BitbucketPermission>("/user/permissions/repositories")) {
      const permission = toPermission(entry.permission);
      if (permission) permissions.set(entry.repository.uuid, permission);
    }
    const repositories: ProviderRepository[] = [];
    for (const repo of await this.pages<BitbucketRepository>("/repositories", {
      role: "member",
    })) {
      const permission = permissions.get(repo.uuid);
      if (permission) repositories.push(toRepository(repo, permission));
    }
    return repositories;
  }

  async getPermission(repo: RepositoryRef): Promise<RepositoryPermission | null> {
    const { workspace, slug } = splitFullName(repo);
    const response = await this.http.json<BitbucketPage<BitbucketPermission>>({
      method: "GET",
      path: "/user/permissions/repositories",
      query: { q: `repository.full_name="${workspace}/${slug}"` },
    });
    const entry = response?.data.values?.[0];
    return entry ? toPermission(entry.permission) : null;
  }

  /** Bitbucket's repository access keys are always read-only. */
  async addDeployKey(repo: RepositoryRef, key: DeployKeyInput): Promise<CreatedResource> {
    return this.http.create(`${repoPath(repo)}/deploy-keys`, {
      key: key.publicKey,
      label: key.title,
    });
  }

  async removeDeployKey(repo: RepositoryRef, keyId: string): Promise<void> {
    await this.http.deleteIfPresent(`${repoPath(repo)}/deploy-keys/${encodeURIComponent(keyId)}`);
  }

  async createWebhook(repo: RepositoryRef, hook: WebhookInput): Promise<CreatedResource> {
    const kinds = hook.events ?? DEFAULT_WEBHOOK_EVENTS;
    const events = [...new Set(kinds.flatMap((kind) => BITBUCKET_EVENTS[kind]))];
    return this.http.create(
      `${repoPath(repo)}/hooks`,
      { description: "Cairn", url: hook.url, active: true, secret: hook.secret, events },
      "uuid",
    );
  }

  async deleteWebhook(repo: RepositoryRef, hookId: string): Promise<void> {
    await this.http.deleteIfPresent(`${repoPath(repo)}/hooks/${encodeURIComponent(hookId)}`);
  }

  async getFileContents(repo: RepositoryRef, path: string, sha: string): Promise<string | null> {
    return this.http.fileText(
      `${repoPath(repo)}/src/${encodeURIComponent(sha)}/${encodeFilePath(path)}`,
      "*/*",
    );
  }

  /** The status `key` is the context; posting the same key again replaces the status. */
  async setCommitStatus(
    repo: RepositoryRef,
    sha: string,
    status: CommitStatusInput,
  ): Promise<void> {
    if (!status.targetUrl)
      throw new VcsError("invalid_argument", "Bitbucket build statuses need a target URL.");
    await this.http.post(`${repoPath(repo)}/commit/${encodeURIComponent(sha)}/statuses/build`, {
      key: status.context,
      state: BITBUCKET_STATES[status.state],
      name: status.context,
      url: status.targetUrl,
      ...(status.description !== undefined && { description: status.description }),
    });
  }

  private pages<T>(path: string, query?: Record<string, string>): Promise<T[]> {
    return collectPages<BitbucketPage<T>, T>(this.http, {
      path,
      query: { ...query, pagelen: 100 },
      items: (page) => (Array.isArray(page?.values) ? page.values : null),
      next: (page) => page.next,
      expected: "expected a page with values",
    });
  }
}

const BITBUCKET_STATES: Record<CommitState, string> = {
  pending: "INPROGRESS",
  success: "SUCCESSFUL",
  failure: "FAILED",
  error: "FAILED",
};

function splitFullName(repo: RepositoryRef): { workspace: string; slug: string } {
  const [workspace, slug, ...rest] = repo.fullName.split("/");
  if (!workspace || !slug || rest.length > 0)
    throw new VcsError("invalid_argument", `Not a Bitbucket repository name: ${repo.fullName}.`);
  return { workspace, slug };
}

function repoPath(repo: RepositoryRef): string {
  const { workspace, slug } = splitFullName(repo);
  return `/repositories/${encodeURIComponent(workspace)}/${encodeURIComponent(slug)}`;
}

function toPermission(permission: string): RepositoryPermission | null {
  return permission === "admin" || permission === "write" || permission === "read"
    ? permission
    : null;
}

function toRepository(
  repo: BitbucketRepository,
  permission: RepositoryPermission,
): ProviderRepository {
  const [workspace = "", slug = repo.slug ?? repo.name] = repo.full_name.split("/");
  const clone = (name: string) => repo.links?.clone?.find((link) => link.name === name)?.href ?? "";
  return {
    id: repo.uuid,
    fullName: repo.full_name,
    owner: repo.workspace?.slug ?? workspace,
    name: slug,
    private: repo.is_private ?? true,
    defaultBranch: repo.mainbranch?.name ?? "main",
    sshUrl: clone("ssh"),
    httpsUrl: clone("https"),
    webUrl: repo.links?.html?.href ?? "",
    permission,
  };
}
