import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { VcsError } from "../../errors.ts";
import { providerAdapter } from "../index.ts";
import { gitlabProvider } from "./gitlab-provider.ts";

// Examples from GitLab's webhook documentation: test/fixtures/gitlab/SOURCE.md.
function fixture(name: string) {
  const url = new URL(`../../../test/fixtures/gitlab/${name}`, import.meta.url);
  // biome-ignore lint/suspicious/noExplicitAny: tests edit the published payloads freely
  return JSON.parse(readFileSync(url, "utf8")) as Record<string, any>;
}

const zero = "0".repeat(40);
const uuid = "9cdc7e4e-9ed4-4c6e-8cd1-7cd5c0d7e1a2";

function deliver(
  event: string,
  body: unknown,
  headers: Record<string, string> = { "X-Gitlab-Event-UUID": uuid },
) {
  return gitlabProvider.parseWebhook({
    headers: { "X-Gitlab-Event": event, ...headers },
    rawBody: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("gitlabProvider.parseWebhook", () => {
  it("normalizes the documented push with the event UUID and the project", () => {
    expect(deliver("Push Hook", fixture("push.json"))).toEqual({
      kind: "push",
      deliveryId: uuid,
      repository: { id: "15", fullName: "mike/diaspora" },
      push: {
        ref: "refs/heads/master",
        branch: "master",
        before: "95790bf891e76fee5e1747ab589903a6a1f80f22",
        after: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
        created: false,
        deleted: false,
      },
    });
  });

  it("names a delivery without an event UUID by the SHA-256 of its body", () => {
    const body = JSON.stringify(fixture("push.json"));
    const event = deliver("Push Hook", body, {});
    expect(event.deliveryId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(deliver("Push Hook", body, {}).deliveryId).toBe(event.deliveryId);
    expect(deliver("Push Hook", `${body}\n`, {}).deliveryId).not.toBe(event.deliveryId);
  });

  it("normalizes the documented tag push", () => {
    expect(deliver("Tag Push Hook", fixture("tag-push.json"))).toMatchObject({
      kind: "push",
      repository: { id: "1", fullName: "jsmith/example" },
      push: { tag: "v1.0.0", created: true, deleted: false },
    });
  });

  it("reports a branch deletion as a push with deleted: true", () => {
    const body = { ...fixture("push.json"), after: zero, checkout_sha: null, commits: [] };
    expect(deliver("Push Hook", body)).toMatchObject({
      kind: "push",
      push: { branch: "master", deleted: true },
    });
  });

  it("ignores a push whose head commit asks to skip CI, judging by the head only", () => {
    const body = fixture("push.json");
    body.commits[1].message = "fixed readme [ci skip]";
    expect(deliver("Push Hook", body)).toMatchObject({
      kind: "ignored",
      reason: "head commit message contains [ci skip]",
    });
    const older = fixture("push.json");
    older.commits[0].message = "wip [skip ci]";
    expect(deliver("Push Hook", older).kind).toBe("push");
  });

  it("normalizes the documented merge request as opened", () => {
    expect(deliver("Merge Request Hook", fixture("merge-request.json"))).toEqual({
      kind: "pull_request",
      deliveryId: uuid,
      action: "opened",
      repository: { id: "1", fullName: "gitlabhq/gitlab-test" },
      pullRequest: {
        number: 1,
        url: "http://example.com/diaspora/merge_requests/1",
        headSha: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
        headBranch: "ms-viewport",
        baseBranch: "master",
        fromFork: false,
        title: "MS-Viewport",
      },
    });
  });

  it("builds an update only when it brought commits (oldrev), and a reopen", () => {
    const update = fixture("merge-request.json");
    update.object_attributes.action = "update";
    expect(deliver("Merge Request Hook", update)).toMatchObject({
      kind: "ignored",
      reason: "merge request updated without new commits",
    });
    update.object_attributes.oldrev = "95790bf891e76fee5e1747ab589903a6a1f80f22";
    expect(deliver("Merge Request Hook", update)).toMatchObject({
      kind: "pull_request",
      action: "synchronize",
    });
    const reopen = fixture("merge-request.json");
    reopen.object_attributes.action = "reopen";
    expect(deliver("Merge Request Hook", reopen)).toMatchObject({
      kind: "pull_request",
      action: "reopened",
    });
  });

  it("marks a merge request from another project as a fork with its clone URL", () => {
    const body = fixture("merge-request.json");
    body.object_attributes.source_project_id = 77;
    const event = deliver("Merge Request Hook", body);
    expect(event.kind === "pull_request" && event.pullRequest).toMatchObject({
      fromFork: true,
      forkCloneUrl: "http://example.com/awesome_space/awesome_project.git",
    });
  });

  it("ignores closed and merged merge requests, [skip ci] heads and other events", () => {
    for (const action of ["close", "merge", "approved"]) {
      const body = fixture("merge-request.json");
      body.object_attributes.action = action;
      expect(deliver("Merge Request Hook", body)).toMatchObject({
        kind: "ignored",
        reason: `merge request ${action}`,
      });
    }
    const skipped = fixture("merge-request.json");
    skipped.object_attributes.last_commit.message = "[skip ci] readme";
    expect(deliver("Merge Request Hook", skipped)).toMatchObject({
      kind: "ignored",
      reason: /\[skip ci\]/,
    });
    expect(
      deliver("Issue Hook", {
        object_kind: "issue",
        project: { id: 1, path_with_namespace: "a/b" },
      }),
    ).toEqual({
      kind: "ignored",
      deliveryId: uuid,
      reason: "Issue Hook event",
      repository: { id: "1", fullName: "a/b" },
    });
  });

  it.each([
    [{}, "{}", /Missing X-Gitlab-Event header/],
    [{ "X-Gitlab-Event": "Push Hook" }, "[", /^Invalid GitLab push body: not valid JSON\.$/],
    [
      { "X-Gitlab-Event": "Push Hook" },
      '{"object_kind":"push","ref":"refs/heads/a..b"}',
      /ref is not a valid git ref name/,
    ],
    [
      { "X-Gitlab-Event": "Merge Request Hook" },
      '{"object_kind":"merge_request"}',
      /project is required/,
    ],
  ])("refuses bad deliveries clearly (%j %s)", (headers, rawBody, message) => {
    let caught: unknown;
    try {
      gitlabProvider.parseWebhook({ headers, rawBody });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VcsError);
    expect((caught as VcsError).code).toBe("invalid_push");
    expect((caught as VcsError).message).toMatch(message);
  });
});

describe("gitlabProvider.verifyWebhook", () => {
  const secret = "a-gitlab-secret-token";
  const verify = (token?: string) =>
    gitlabProvider.verifyWebhook(
      { headers: token === undefined ? {} : { "x-gitlab-token": token }, rawBody: "{}" },
      secret,
    );

  it("accepts the token equal to the secret", () => {
    expect(verify(secret)).toEqual({ valid: true });
    expect(
      gitlabProvider.verifyWebhook(
        { headers: new Headers({ "X-Gitlab-Token": secret }), rawBody: "{}" },
        secret,
      ),
    ).toEqual({ valid: true });
  });

  it("refuses missing, malformed and wrong tokens with their reason", () => {
    expect(verify()).toMatchObject({
      reason: "missing",
      message: "Missing X-Gitlab-Token header.",
    });
    expect(verify("a\u0001b")).toMatchObject({ reason: "malformed" });
    expect(verify("x".repeat(2000))).toMatchObject({ reason: "malformed" });
    expect(verify(`${secret}x`)).toMatchObject({ reason: "mismatch" });
    expect(verify(secret.slice(1))).toMatchObject({ reason: "mismatch" });
  });

  it("is found through the provider registry", () => {
    expect(providerAdapter("gitlab")).toBe(gitlabProvider);
  });
});
