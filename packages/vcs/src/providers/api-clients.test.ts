import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ProviderStandIn, startProviderStandIn } from "../testing/provider-stand-in.ts";
import type { HostedProviderId, ProviderApiClient } from "./api.ts";
import { createProviderApiClient } from "./api-client.ts";
import { ProviderApiError } from "./api-errors.ts";
import { parseRetryAfter } from "./api-http.ts";

const TOKEN = "gho_test-token-123";
const SHA = "a".repeat(40);
const CONFIG = "version: 2.1\njobs:\n  build:\n    docker: [{image: cimg/base:stable}]\n";
const KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKqP3Cr632C2dNhhgKVcon4ldUSAeKiku2yP9O9/bDtY cairn";

const REPOS: Record<HostedProviderId, { id: string; fullName: string }> = {
  github: { id: "1296269", fullName: "octocat/hello-world" },
  gitlab: { id: "4", fullName: "diaspora/sub/diaspora-client" },
  bitbucket: { id: "{9b1a4d2e-1f0c-4f7e-8d64-2e7f0c7a1b11}", fullName: "acme/widget" },
};

let standIn: ProviderStandIn;

beforeAll(async () => {
  standIn = await startProviderStandIn({ token: TOKEN });
  for (const provider of ["github", "gitlab", "bitbucket"] as const) {
    standIn.addRepository(provider, {
      ...REPOS[provider],
      permission: "admin",
      files: { [SHA]: { ".circleci/config.yml": CONFIG } },
    });
    // Enough read-only repositories to need a second page.
    for (let i = 0; i < 101; i++) {
      standIn.addRepository(provider, {
        id:
          provider === "bitbucket"
            ? `{00000000-0000-4000-8000-${String(i).padStart(12, "0")}}`
            : String(10_000 + i),
        fullName: `other/repo-${i}`,
        permission: i === 0 ? "write" : "read",
      });
    }
  }
});
afterAll(() => standIn.close());
afterEach(() => {
  expect(standIn.problems).toEqual([]);
  standIn.calls.length = 0;
});

function client(provider: HostedProviderId, token = TOKEN): ProviderApiClient {
  return createProviderApiClient(provider, {
    token,
    baseUrl: standIn.baseUrls[provider],
    retry: { baseDelayMs: 5, maxDelayMs: 50 },
  });
}

describe.each(["github", "gitlab", "bitbucket"] as const)("%s API client", (provider) => {
  const repo = REPOS[provider];

  it("lists every repository over several pages with the user's permission", async () => {
    const repositories = await client(provider).listRepositories();
    expect(repositories).toHaveLength(102);
    const own = repositories.find((r) => r.id === repo.id);
    expect(own).toMatchObject({
      fullName: repo.fullName,
      permission: "admin",
      private: true,
      defaultBranch: "main",
    });
    expect(own?.sshUrl).toContain(repo.fullName);
    expect(repositories.find((r) => r.fullName === "other/repo-0")?.permission).toBe("write");
    expect(repositories.find((r) => r.fullName === "other/repo-1")?.permission).toBe("read");
    const pageCalls = standIn.calls.filter((call) => call.method === "GET");
    expect(pageCalls.length).toBeGreaterThanOrEqual(2);
  });

  it("reads the permission on one repository and null for one it cannot see", async () => {
    expect(await client(provider).getPermission(repo)).toBe("admin");
    expect(
      await client(provider).getPermission({
        fullName: "other/repo-0",
        id: provider === "bitbucket" ? undefined : "10000",
      }),
    ).toBe("write");
    expect(await client(provider).getPermission({ fullName: "nobody/nothing" })).toBeNull();
  });

  it("adds a read-only deploy key and removes it", async () => {
    const created = await client(provider).addDeployKey(repo, { title: "Cairn", publicKey: KEY });
    const stored = standIn.state.repositories.find((r) => r.id === repo.id)?.deployKeys;
    expect(stored).toEqual([{ id: created.id, title: "Cairn", key: KEY, readOnly: true }]);
    await client(provider).removeDeployKey(repo, created.id);
    expect(stored).toEqual([]);
    // Already gone: still fine.
    await client(provider).removeDeployKey(repo, created.id);
  });

  it("creates a webhook with the secret for push, tag and pull request events, and deletes it", async () => {
    const created = await client(provider).createWebhook(repo, {
      url: "https://cairn.example.com/api/hooks/x",
      secret: "s3cret",
    });
    const hooks = standIn.state.repositories.find((r) => r.id === repo.id)?.hooks ?? [];
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({
      id: created.id,
      url: "https://cairn.example.com/api/hooks/x",
      secret: "s3cret",
    });
    const expectedEvents = {
      github: ["push", "pull_request"],
      gitlab: ["push_events", "tag_push_events", "merge_requests_events"],
      bitbucket: ["repo:push", "pullrequest:created", "pullrequest:updated"],
    }[provider];
    expect(hooks[0]?.events).toEqual(expectedEvents);
    await client(provider).deleteWebhook(repo, created.id);
    expect(hooks).toHaveLength(0);
  });

  it("reads a file at a commit, and null when it is absent", async () => {
    expect(await client(provider).getFileContents(repo, ".circleci/config.yml", SHA)).toBe(CONFIG);
    expect(await client(provider).getFileContents(repo, ".circleci/missing.yml", SHA)).toBeNull();
  });

  it("posts commit statuses in the provider's own states", async () => {
    const api = client(provider);
    for (const state of ["pending", "success", "failure", "error"] as const) {
      await api.setCommitStatus(repo, SHA, {
        state,
        context: "cairn/build",
        description: `The workflow is ${state}`,
        targetUrl: "https://cairn.example.com/p/1",
      });
    }
    const statuses = standIn.state.repositories.find((r) => r.id === repo.id)?.statuses ?? [];
    const expected = {
      github: ["pending", "success", "failure", "error"],
      gitlab: ["pending", "success", "failed", "failed"],
      bitbucket: ["INPROGRESS", "SUCCESSFUL", "FAILED", "FAILED"],
    }[provider];
    expect(statuses.map((s) => s.state)).toEqual(expected);
    expect(statuses[0]).toMatchObject({
      sha: SHA,
      context: "cairn/build",
      url: "https://cairn.example.com/p/1",
    });
    statuses.length = 0;
  });

  it("retries a 502 and a 429 (with Retry-After) then succeeds", async () => {
    standIn.failNext(provider, 1, { status: 502 });
    standIn.failNext(provider, 1, { status: 429, headers: { "Retry-After": "0" } });
    expect(await client(provider).getFileContents(repo, ".circleci/config.yml", SHA)).toBe(CONFIG);
    expect(standIn.calls.map((call) => call.status)).toEqual([502, 429, 200]);
  });

  it("gives up after the attempts with an `unavailable` error", async () => {
    standIn.failNext(provider, 4, { status: 503 });
    const error = await client(provider)
      .getPermission(repo)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error).toMatchObject({ code: "unavailable", status: 503, provider });
    expect(standIn.calls).toHaveLength(4);
  });

  it("turns a 404 into a not_found error and 401 into unauthorized, without retrying", async () => {
    const missing = await client(provider)
      .addDeployKey({ fullName: "nobody/nothing", id: "999999" }, { title: "x", publicKey: KEY })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: "not_found", status: 404 });
    expect((missing as Error).message).toMatch(/answered 404/);
    expect(standIn.calls).toHaveLength(1);
    const denied = await client(provider, "wrong-token")
      .getPermission(repo)
      .catch((e: unknown) => e);
    expect(denied).toMatchObject({ code: "unauthorized", status: 401 });
    expect((denied as Error).message).not.toContain("wrong-token");
    standIn.problems.length = 0; // the stand-in notes the wrong token as a problem
  });

  it("sends the documented headers", async () => {
    await client(provider).getPermission(repo);
    const call = standIn.calls[0];
    expect(call?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    if (provider === "github") {
      expect(call?.headers.accept).toBe("application/vnd.github+json");
      expect(call?.headers["x-github-api-version"]).toBe("2022-11-28");
    } else {
      expect(call?.headers.accept).toBe("application/json");
    }
  });
});

describe("provider specifics", () => {
  it("GitHub: keys, hooks and statuses have the documented bodies", async () => {
    const repo = REPOS.github;
    const api = client("github");
    const key = await api.addDeployKey(repo, { title: "Cairn", publicKey: KEY });
    await api.createWebhook(repo, { url: "https://c.example/api/hooks/github", secret: "s" });
    await api.setCommitStatus(repo, SHA, {
      state: "pending",
      context: "cairn/build",
      description: "x".repeat(200),
      targetUrl: "https://c.example/p",
    });
    const [keyCall, hookCall, statusCall] = standIn.calls;
    expect(keyCall).toMatchObject({
      method: "POST",
      path: "/repos/octocat/hello-world/keys",
      body: { title: "Cairn", key: KEY, read_only: true },
    });
    expect(keyCall?.headers["content-type"]).toBe("application/json");
    expect(hookCall?.body).toEqual({
      name: "web",
      active: true,
      events: ["push", "pull_request"],
      config: {
        url: "https://c.example/api/hooks/github",
        content_type: "json",
        secret: "s",
        insecure_ssl: "0",
      },
    });
    expect(statusCall?.path).toBe(`/repos/octocat/hello-world/statuses/${SHA}`);
    expect((statusCall?.body as { description?: string } | undefined)?.description).toHaveLength(
      140,
    );
    await api.removeDeployKey(repo, key.id);
    standIn.state.repositories.find((r) => r.id === repo.id)?.hooks.splice(0);
    standIn.state.repositories.find((r) => r.id === repo.id)?.statuses.splice(0);
  });

  it("GitLab: the project is addressed by id and the file path is one encoded segment", async () => {
    await client("gitlab").getFileContents(REPOS.gitlab, ".circleci/config.yml", SHA);
    expect(standIn.calls[0]?.rawPath).toBe(
      "/projects/4/repository/files/.circleci%2Fconfig.yml/raw",
    );
    expect(standIn.calls[0]?.query).toEqual({ ref: SHA });
    await client("gitlab").getPermission({ fullName: REPOS.gitlab.fullName });
    expect(standIn.calls[1]?.rawPath).toBe("/projects/diaspora%2Fsub%2Fdiaspora-client");
  });

  it("GitLab: a self-hosted base URL with or without /api/v4 works", async () => {
    const withSuffix = createProviderApiClient("gitlab", {
      token: TOKEN,
      baseUrl: `${standIn.baseUrls.gitlab}/api/v4/`,
    });
    expect(await withSuffix.getPermission(REPOS.gitlab)).toBe("admin");
  });

  it("Bitbucket: the build status carries key, state, name and url", async () => {
    await client("bitbucket").setCommitStatus(REPOS.bitbucket, SHA, {
      state: "success",
      context: "cairn/build",
      targetUrl: "https://c.example/p",
    });
    expect(standIn.calls[0]).toMatchObject({
      path: `/repositories/acme/widget/commit/${SHA}/statuses/build`,
      body: {
        key: "cairn/build",
        state: "SUCCESSFUL",
        name: "cairn/build",
        url: "https://c.example/p",
      },
    });
    standIn.state.repositories.find((r) => r.id === REPOS.bitbucket.id)?.statuses.splice(0);
  });

  it("refuses a pagination link to another host (the token would leak)", async () => {
    const fetchStub: typeof fetch = async () =>
      new Response("[]", {
        status: 200,
        headers: { Link: '<https://evil.example/user/repos?page=2>; rel="next"' },
      });
    const api = createProviderApiClient("github", {
      token: TOKEN,
      baseUrl: "https://api.github.com",
      fetch: fetchStub,
    });
    await expect(api.listRepositories()).rejects.toMatchObject({ code: "invalid_response" });
  });

  it("a network failure is retried and then reported as `network`", async () => {
    const api = createProviderApiClient("github", {
      token: TOKEN,
      baseUrl: "http://127.0.0.1:1",
      retry: { attempts: 2, baseDelayMs: 1 },
    });
    await expect(api.getPermission(REPOS.github)).rejects.toMatchObject({ code: "network" });
  });

  it("parses Retry-After in seconds and as a date", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter("soon")).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});
