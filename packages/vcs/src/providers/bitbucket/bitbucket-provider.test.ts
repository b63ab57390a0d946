import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { VcsError } from "../../errors.ts";
import { providerAdapter } from "../index.ts";
import { bitbucketProvider } from "./bitbucket-provider.ts";

// Atlassian's published examples: test/fixtures/bitbucket/SOURCE.md.
function fixture(name: string) {
  const url = new URL(`../../../test/fixtures/bitbucket/${name}`, import.meta.url);
  // biome-ignore lint/suspicious/noExplicitAny: tests edit the published payloads freely
  return JSON.parse(readFileSync(url, "utf8")) as Record<string, any>;
}

const zero = "0".repeat(40);
const requestUuid = "{2cb3a6e6-0d0e-4d5b-9f3f-1b2c3d4e5f60}";
const repository = {
  id: "{673a6070-3421-46c9-9d48-90745f7bfe8e}",
  fullName: "team_name/repo_name",
};

function deliver(eventKey: string, body: unknown) {
  return bitbucketProvider.parseWebhook({
    headers: { "X-Event-Key": eventKey, "X-Request-UUID": requestUuid },
    rawBody: JSON.stringify(body),
  });
}

describe("bitbucketProvider.parseWebhook", () => {
  it("normalizes the documented branch push with the request UUID and the repository", () => {
    expect(deliver("repo:push", fixture("repo-push.json"))).toEqual({
      kind: "push",
      deliveryId: requestUuid,
      repository,
      push: {
        ref: "refs/heads/name-of-branch",
        branch: "name-of-branch",
        before: "1e65c05c1d5171631d92438a13901ca7dae9618c",
        after: "709d658dc5b6d6afcd46049c2f332ee3f515a67d",
        created: false,
        deleted: false,
      },
    });
  });

  it("normalizes a new tag (no old state) and a branch deletion (no new state)", () => {
    const tag = fixture("repo-push.json");
    const [change] = tag.push.changes;
    change.new.type = "tag";
    change.new.name = "v2.0";
    change.old = null;
    expect(deliver("repo:push", tag)).toMatchObject({
      kind: "push",
      push: { ref: "refs/tags/v2.0", tag: "v2.0", created: true, deleted: false },
    });
    const deletion = fixture("repo-push.json");
    deletion.push.changes[0].new = null;
    expect(deliver("repo:push", deletion)).toMatchObject({
      kind: "push",
      push: { branch: "name-of-branch", after: zero, deleted: true },
    });
  });

  it("ignores a push whose new head asks to skip CI", () => {
    const body = fixture("repo-push.json");
    body.push.changes[0].new.target.message = "tidy up [skip ci]\n";
    expect(deliver("repo:push", body)).toMatchObject({
      kind: "ignored",
      reason: "head commit message contains [skip ci]",
      repository,
    });
  });

  it("normalizes the documented pull request as opened, and an update as synchronize", () => {
    expect(deliver("pullrequest:created", fixture("pullrequest-created.json"))).toEqual({
      kind: "pull_request",
      deliveryId: requestUuid,
      action: "opened",
      repository,
      pullRequest: {
        number: 1,
        url: "https://api.bitbucket.org/pullrequest_id",
        headSha: "d3022fc0ca3d",
        headBranch: "branch2",
        baseBranch: "master",
        fromFork: false,
        title: "Title of pull request",
      },
    });
    expect(deliver("pullrequest:updated", fixture("pullrequest-created.json"))).toMatchObject({
      kind: "pull_request",
      action: "synchronize",
    });
  });

  it("marks a pull request from another repository as a fork with its clone URL", () => {
    const body = fixture("pullrequest-created.json");
    body.pullrequest.source.repository = {
      uuid: "{11111111-2222-3333-4444-555555555555}",
      full_name: "emmap1/repo_name",
    };
    const event = deliver("pullrequest:created", body);
    expect(event.kind === "pull_request" && event.pullRequest).toMatchObject({
      fromFork: true,
      forkCloneUrl: "https://bitbucket.org/emmap1/repo_name.git",
    });
  });

  it("ignores merged and declined pull requests and other events", () => {
    for (const key of ["pullrequest:fulfilled", "pullrequest:rejected", "repo:fork"]) {
      expect(deliver(key, fixture("pullrequest-created.json"))).toEqual({
        kind: "ignored",
        deliveryId: requestUuid,
        reason: `${key} event`,
        repository,
      });
    }
  });

  it.each([
    [{ "X-Event-Key": "repo:push" }, "{}", /Missing X-Request-UUID header/],
    [{ "X-Request-UUID": "u-1" }, "{}", /Missing X-Event-Key header/],
    [
      { "X-Event-Key": "repo:push", "X-Request-UUID": "u-1" },
      "{",
      /^Invalid Bitbucket push body: not valid JSON\.$/,
    ],
    [
      { "X-Event-Key": "repo:push", "X-Request-UUID": "u-1" },
      `{"repository":{"uuid":"{673a6070-3421-46c9-9d48-90745f7bfe8e}","full_name":"a/b"},"push":{"changes":[]}}`,
      /push\.changes must list at least one change/,
    ],
    [
      { "X-Event-Key": "repo:push", "X-Request-UUID": "u-1" },
      `{"repository":{"uuid":"nope","full_name":"a/b"},"push":{"changes":[{"new":null,"old":null}]}}`,
      /repository\.uuid must be a \{uuid\}/,
    ],
  ])("refuses bad deliveries clearly (%j %s)", (headers, rawBody, message) => {
    let caught: unknown;
    try {
      bitbucketProvider.parseWebhook({ headers, rawBody });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VcsError);
    expect((caught as VcsError).code).toBe("invalid_push");
    expect((caught as VcsError).message).toMatch(message);
  });
});

describe("bitbucketProvider.verifyWebhook", () => {
  const secret = "a-bitbucket-secret";
  const rawBody = JSON.stringify(fixture("repo-push.json"));
  const good = `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`;
  const verify = (header?: string) =>
    bitbucketProvider.verifyWebhook(
      { headers: header === undefined ? {} : { "X-Hub-Signature": header }, rawBody },
      secret,
    );

  it("accepts the HMAC-SHA256 of the raw body", () => {
    expect(verify(good)).toEqual({ valid: true });
    expect(verify(good.toUpperCase().replace("SHA256=", "sha256="))).toEqual({ valid: true });
  });

  it("refuses missing, malformed and mismatched signatures with their reason", () => {
    expect(verify()).toMatchObject({
      reason: "missing",
      message: "Missing X-Hub-Signature header.",
    });
    expect(verify(good.slice(0, -2))).toMatchObject({ reason: "malformed" });
    expect(verify(`sha256=${"0".repeat(64)}`)).toMatchObject({ reason: "mismatch" });
    expect(
      bitbucketProvider.verifyWebhook(
        { headers: { "X-Hub-Signature": good }, rawBody: `${rawBody} ` },
        secret,
      ),
    ).toMatchObject({ reason: "mismatch" });
  });

  it("is found through the provider registry", () => {
    expect(providerAdapter("bitbucket")).toBe(bitbucketProvider);
  });
});
