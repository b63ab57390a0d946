/** What the built-in CIRCLE_* variables are made from. */
export interface JobIdentity {
  pipeline: {
    id: string;
    number: number;
    branch: string | null;
    tag: string | null;
    revision: string;
    pullRequestNumber: number | null;
    pullRequestUrl: string | null;
    actorLogin: string;
    originRepositoryUrl: string;
  };
  project: { id: string; organizationId: string; owner: string; name: string; repoUrl: string };
  workflow: { id: string };
  job: {
    id: string;
    name: string;
    number: number | null;
    parallelIndex: number;
    parallelism: number;
  };
  workingDirectory: string;
  /** The web app's public URL, for CIRCLE_BUILD_URL. */
  baseUrl: string;
  /** The project's slug, e.g. `git/acme/api`. */
  slug: string;
}

/**
 * CircleCI's built-in environment of a job (CIRCLECI.md, "Built-in environment"). Variables
 * without a value (no tag, no pull request) are left out, as CircleCI does. BASH_ENV is the
 * sandbox's to set (it owns the file).
 */
export function builtInEnvironment(identity: JobIdentity): Record<string, string> {
  const { pipeline, project, workflow, job } = identity;
  const buildUrl = new URL(`/${identity.slug}/jobs/${job.number ?? ""}`, identity.baseUrl);
  const env: Record<string, string | null> = {
    CI: "true",
    CIRCLECI: "true",
    CIRCLE_BRANCH: pipeline.branch,
    CIRCLE_TAG: pipeline.tag,
    CIRCLE_SHA1: pipeline.revision,
    CIRCLE_BUILD_NUM: job.number === null ? null : String(job.number),
    CIRCLE_BUILD_URL: buildUrl.toString(),
    CIRCLE_JOB: job.name,
    CIRCLE_NODE_INDEX: String(job.parallelIndex),
    CIRCLE_NODE_TOTAL: String(job.parallelism),
    CIRCLE_ORGANIZATION_ID: project.organizationId,
    CIRCLE_PIPELINE_ID: pipeline.id,
    CIRCLE_PROJECT_ID: project.id,
    CIRCLE_PROJECT_REPONAME: project.name,
    CIRCLE_PROJECT_USERNAME: project.owner,
    CIRCLE_PULL_REQUEST: pipeline.pullRequestUrl,
    CIRCLE_PULL_REQUESTS: pipeline.pullRequestUrl,
    CIRCLE_PR_NUMBER:
      pipeline.pullRequestNumber === null ? null : String(pipeline.pullRequestNumber),
    CIRCLE_PR_REPONAME: pipeline.pullRequestNumber === null ? null : project.name,
    CIRCLE_PR_USERNAME: pipeline.pullRequestNumber === null ? null : project.owner,
    CIRCLE_REPOSITORY_URL: project.repoUrl,
    CIRCLE_USERNAME: pipeline.actorLogin,
    CIRCLE_WORKFLOW_ID: workflow.id,
    CIRCLE_WORKFLOW_JOB_ID: job.id,
    CIRCLE_WORKFLOW_WORKSPACE_ID: workflow.id,
    CIRCLE_WORKING_DIRECTORY: identity.workingDirectory,
  };
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== null),
  );
}
