import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { VcsError } from "../../errors.ts";
import { signWebhookBody } from "../../webhook-signature.ts";
import { providerAdapter } from "../index.ts";
import { githubProvider } from "./github-provider.ts";

// GitHub's own example deliveries, as published in @octokit/webhooks-examples.
interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}
const examples: ExampleGroup[] = createRequire(import.meta.url)("@octokit/webhooks-examples");

function example(name: string, match: (body: Record<string, unknown>) => boolean) {
  const found = examples.find((group) => group.name === name)?.examples.find(match);
  if (!found) throw new Error(`No ${name} example matches`);
  // biome-ignore lint/suspicious/noExplicitAny: tests edit the published payloads freely
  return structuredClone(found) as Record<string, any>;
}

const zero = "0".repeat(40);
const repository = { id: "186853002", fullName: "Codertocat/Hello-World" };

function deliver(event: string, body: unknown, delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958") {
  return githubProvider.parseWebhook({
    headers: { "X-GitHub-Event": event, "X-GitHub-Delivery": delivery },
    rawBody: JSON.stringify(body),
  });
}

describe("githubProvider.parseWebhook", () => {
  const branchPush = () => example("push", (body) => body.ref === "refs/heads/master");

  it("normalizes a branch push with the delivery id and the repository", () => {
    expect(deliver("push", branchPush())).toEqual({
      kind: "push",
      deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
      repository,
      push: {
        ref: "refs/heads/master",
        branch: "master",
        before: zero,
        after: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
        created: true,
        deleted: false,
      },
    });
  });

  it("normalizes a tag push and a tag deletion", () => {
    const created = example("push", (body) => body.ref === "refs/tags/simple-tag" && !body.deleted);
    expect(deliver("push", created)).toMatchObject({
      kind: "push",
      push: { tag: "simple-tag", deleted: false },
    });
    const deleted = example(
      "push",
      (body) => body.ref === "refs/tags/simple-tag" && !!body.deleted,
    );
    expect(deliver("push", deleted)).toMatchObject({
      kind: "push",
      push: { tag: "simple-tag", deleted: true, after: zero },
    });
  });

  it("reports a branch deletion as a push with deleted: true", () => {
    const body = {
      ...branchPush(),
      before: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
      after: zero,
      deleted: true,
      head_commit: null,
    };
    expect(deliver("push", body)).toMatchObject({
      kind: "push",
      push: { branch: "master", deleted: true, created: false },
    });
  });

  it.each(["Fix typo [skip ci]", "Docs\n\n[CI SKIP] nothing to build"])(
    "ignores a push whose head commit says %j",
    (message) => {
      const body = branchPush();
      body.head_commit.message = message;
      const event = deliver("push", body);
      expect(event).toMatchObject({ kind: "ignored", repository });
      expect(event.kind === "ignored" && event.reason).toMatch(/\[(skip ci|ci skip)\]/i);
    },
  );

  it("normalizes pull requests opened, synchronized and reopened", () => {
    for (const action of ["opened", "synchronize", "reopened"] as const) {
      const event = deliver(
        "pull_request",
        example("pull_request", (body) => body.action === action),
      );
      expect(event).toMatchObject({ kind: "pull_request", action, repository });
    }
    expect(
      deliver(
        "pull_request",
        example("pull_request", (body) => body.action === "opened"),
      ),
    ).toMatchObject({
      pullRequest: {
        number: 2,
        url: "https://github.com/Codertocat/Hello-World/pull/2",
        headSha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821",
        headBranch: "changes",
        baseBranch: "master",
        fromFork: false,
        title: "Update the README with new information.",
      },
    });
  });

  it("marks a pull request from another repository as a fork with its clone URL", () => {
    const body = example("pull_request", (candidate) => candidate.action === "opened");
    body.pull_request.head.repo = {
      ...body.pull_request.head.repo,
      id: 99,
      clone_url: "https://github.com/octocat/Hello-World.git",
    };
    const event = deliver("pull_request", body);
    expect(event.kind === "pull_request" && event.pullRequest).toMatchObject({
      fromFork: true,
      forkCloneUrl: "https://github.com/octocat/Hello-World.git",
    });
    body.pull_request.head.repo = null;
    const deletedFork = deliver("pull_request", body);
    expect(deletedFork.kind === "pull_request" && deletedFork.pullRequest.fromFork).toBe(true);
    expect(deletedFork.kind === "pull_request" && "forkCloneUrl" in deletedFork.pullRequest).toBe(
      false,
    );
  });

  it("ignores closed pull requests, pings and other events", () => {
    expect(
      deliver(
        "pull_request",
        example("pull_request", (body) => body.action === "closed"),
      ),
    ).toMatchObject({
      kind: "ignored",
      reason: "pull request closed",
      repository,
    });
    expect(
      deliver(
        "ping",
        example("ping", (body) => !!body.repository),
      ),
    ).toMatchObject({
      kind: "ignored",
      reason: "ping event",
    });
    expect(
      deliver(
        "ping",
        example("ping", (body) => !body.repository),
      ),
    ).toEqual({
      kind: "ignored",
      deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
      reason: "ping event",
    });
    expect(
      deliver(
        "issues",
        example("issues", (body) => body.action === "opened"),
      ),
    ).toMatchObject({
      kind: "ignored",
      reason: "issues event (opened)",
    });
  });

  it.each([
    [{ "X-GitHub-Event": "push" }, "{}", /Missing X-GitHub-Delivery header/],
    [{ "X-GitHub-Delivery": "d-1" }, "{}", /Missing X-GitHub-Event header/],
    [{ "X-GitHub-Event": "push", "X-GitHub-Delivery": "a b" }, "{}", /Malformed X-GitHub-Delivery/],
    [
      { "X-GitHub-Event": "push", "X-GitHub-Delivery": "d-1" },
      "nope",
      /^Invalid GitHub push body: not valid JSON\.$/,
    ],
    [
      { "X-GitHub-Event": "push", "X-GitHub-Delivery": "d-1" },
      "{}",
      /ref is required.*repository is required/,
    ],
    [
      { "X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "d-1" },
      '{"action":"opened","number":0}',
      /number Too small|number/,
    ],
  ])("refuses bad deliveries clearly (%j)", (headers, rawBody, message) => {
    let caught: unknown;
    try {
      githubProvider.parseWebhook({ headers, rawBody });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VcsError);
    expect((caught as VcsError).code).toBe("invalid_push");
    expect((caught as VcsError).message).toMatch(message);
  });
});

describe("githubProvider.verifyWebhook", () => {
  const secret = "It's a Secret to Everybody";
  const rawBody = "Hello, World!";
  const verify = (header?: string) =>
    githubProvider.verifyWebhook(
      { headers: header === undefined ? {} : { "x-hub-signature-256": header }, rawBody },
      secret,
    );

  it("accepts the signature from GitHub's documentation", () => {
    expect(
      verify("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
    ).toEqual({
      valid: true,
    });
    const headers = new Headers({ "X-Hub-Signature-256": signWebhookBody(secret, rawBody) });
    expect(
      githubProvider.verifyWebhook({ headers, rawBody: Buffer.from(rawBody) }, secret),
    ).toEqual({
      valid: true,
    });
  });

  it("refuses missing, malformed and mismatched signatures with their reason", () => {
    expect(verify()).toMatchObject({
      reason: "missing",
      message: "Missing X-Hub-Signature-256 header.",
    });
    expect(verify("sha1=abc")).toMatchObject({
      reason: "malformed",
      message: /X-Hub-Signature-256/,
    });
    expect(verify(signWebhookBody("another secret", rawBody))).toMatchObject({
      reason: "mismatch",
    });
  });

  it("is found through the provider registry", () => {
    expect(providerAdapter("github")).toBe(githubProvider);
    expect(() => providerAdapter("svn" as never)).toThrow(/Unknown VCS provider "svn"/);
  });
});
