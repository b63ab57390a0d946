import { describe, expect, it } from "vitest";
import { builtInEnvironment, type JobIdentity } from "./built-in-environment.ts";

const identity: JobIdentity = {
  pipeline: {
    id: "p-1",
    number: 7,
    branch: "main",
    tag: null,
    revision: "a".repeat(40),
    pullRequestNumber: null,
    pullRequestUrl: null,
    actorLogin: "ada",
    originRepositoryUrl: "git@example.test:acme/api.git",
  },
  project: {
    id: "proj-1",
    organizationId: "org-1",
    owner: "acme",
    name: "api",
    repoUrl: "git@example.test:acme/api.git",
  },
  workflow: { id: "wf-1" },
  job: { id: "job-1", name: "test-2", number: 42, parallelIndex: 1, parallelism: 3 },
  workingDirectory: "~/project",
  baseUrl: "http://localhost:3000",
  slug: "git/acme/api",
};

describe("builtInEnvironment", () => {
  it("gives CircleCI's variables for a branch build", () => {
    const env = builtInEnvironment(identity);
    expect(env).toMatchObject({
      CI: "true",
      CIRCLECI: "true",
      CIRCLE_BRANCH: "main",
      CIRCLE_SHA1: "a".repeat(40),
      CIRCLE_BUILD_NUM: "42",
      CIRCLE_BUILD_URL: "http://localhost:3000/git/acme/api/jobs/42",
      CIRCLE_JOB: "test-2",
      CIRCLE_NODE_INDEX: "1",
      CIRCLE_NODE_TOTAL: "3",
      CIRCLE_PROJECT_REPONAME: "api",
      CIRCLE_PROJECT_USERNAME: "acme",
      CIRCLE_USERNAME: "ada",
      CIRCLE_WORKFLOW_ID: "wf-1",
      CIRCLE_WORKING_DIRECTORY: "~/project",
    });
  });

  it("leaves out what has no value: tag and pull-request variables", () => {
    const env = builtInEnvironment(identity);
    for (const name of [
      "CIRCLE_TAG",
      "CIRCLE_PULL_REQUEST",
      "CIRCLE_PR_NUMBER",
      "CIRCLE_PR_REPONAME",
    ]) {
      expect(env).not.toHaveProperty(name);
    }
  });

  it("describes a tag build of a pull request", () => {
    const env = builtInEnvironment({
      ...identity,
      pipeline: {
        ...identity.pipeline,
        branch: null,
        tag: "v1.2.0",
        pullRequestNumber: 12,
        pullRequestUrl: "https://example.test/acme/api/pull/12",
      },
    });
    expect(env.CIRCLE_TAG).toBe("v1.2.0");
    expect(env).not.toHaveProperty("CIRCLE_BRANCH");
    expect(env.CIRCLE_PR_NUMBER).toBe("12");
    expect(env.CIRCLE_PULL_REQUEST).toBe("https://example.test/acme/api/pull/12");
  });
});
