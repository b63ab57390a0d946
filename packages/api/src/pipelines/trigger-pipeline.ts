import { type CompileResult, compileConfigAsync, DEFAULT_CONFIG_FILE } from "@cairn/config";
import type { PipelineTriggerType, Project } from "@cairn/db";
import { createPipeline } from "@cairn/queue";
import { type RepositoryMirror, VcsError } from "@cairn/vcs";
import { ApiError } from "../errors.ts";
import { openProjectMirror } from "../projects/project-mirror.ts";
import type { Services } from "../services.ts";
import { pipelineOrbResolver } from "./orb-resolver.ts";

export interface TriggerPipelineInput {
  project: Project;
  /** Exactly one of branch and tag. */
  branch?: string;
  tag?: string;
  /** The commit; when absent, the branch's or tag's head after a fetch. */
  sha?: string;
  parameters?: Record<string, unknown>;
  trigger: { type: PipelineTriggerType; actorId?: string; actorLogin?: string };
  /**
   * Reads a file at a commit without the mirror (a hosted provider's API): with `sha`, the
   * config and the repository's own orbs are read through it and the mirror is not fetched.
   */
  readFile?: (sha: string, path: string) => Promise<string | null>;
  /** The pull request being built (a fork's code gets no secrets unless the project allows). */
  pullRequest?: { number: number; url: string; fromFork: boolean; originRepositoryUrl?: string };
}

/**
 * Starts a pipeline: fetches the project's mirror, reads `.circleci/config.yml` at the
 * commit, compiles it and queues its jobs. A config that cannot be read or compiled still
 * makes a pipeline — an errored one that says why, with line and column.
 */
export async function triggerPipeline(services: Services, input: TriggerPipelineInput) {
  const { project, branch, tag } = input;
  if ((branch === undefined) === (tag === undefined)) {
    throw new ApiError("invalid_input", "Give either a branch or a tag.");
  }
  const projectMirror = await openProjectMirror(services, project);
  const readFile = input.sha ? input.readFile : undefined;
  const mirror = readFile ? readingThrough(projectMirror, readFile) : projectMirror;
  let sha = input.sha;
  let configSource: string | null;
  try {
    if (!readFile) await mirror.fetch();
    sha ??=
      (await mirror.resolveRef(branch ? `refs/heads/${branch}` : `refs/tags/${tag}`)) ?? undefined;
    if (!sha)
      throw new ApiError(
        "not_found",
        `No ${branch ? `branch ${branch}` : `tag ${tag}`} in ${project.repoUrl}.`,
      );
    configSource = await mirror.readFile(sha, DEFAULT_CONFIG_FILE);
  } catch (error) {
    if (error instanceof VcsError) {
      throw new ApiError(
        "unavailable",
        `Cannot read the repository ${project.repoUrl}: ${error.message}`,
      );
    }
    throw error;
  }

  const compiled: CompileResult =
    configSource === null
      ? {
          ok: false,
          errors: [
            {
              file: DEFAULT_CONFIG_FILE,
              line: 1,
              column: 1,
              path: "",
              message: `There is no ${DEFAULT_CONFIG_FILE} at commit ${sha.slice(0, 12)}: add one to build this project.`,
            },
          ],
        }
      : await compileConfigAsync(configSource, {
          branch,
          tag,
          parameters: input.parameters,
          pipeline: {
            project: {
              git_url: project.repoUrl,
              type: project.provider,
              slug: project.slug,
              name: project.name,
            },
            git: { branch, tag, revision: sha },
            trigger_source: input.trigger.type,
          },
          orbResolver: pipelineOrbResolver(mirror, sha, services.orbCacheDir, services.orbRegistry),
        });

  return createPipeline(services.db, {
    projectId: project.id,
    trigger: input.trigger,
    branch,
    tag,
    sha,
    parameters: input.parameters,
    configSource: configSource ?? "",
    compiled,
    ...(input.pullRequest && {
      pullRequest: {
        number: input.pullRequest.number,
        url: input.pullRequest.url,
        fromFork: input.pullRequest.fromFork,
      },
      originRepositoryUrl: input.pullRequest.originRepositoryUrl,
    }),
  });
}

/** The mirror, except that files are read through `readFile` (nothing is fetched). */
function readingThrough(
  mirror: RepositoryMirror,
  readFile: (sha: string, path: string) => Promise<string | null>,
): RepositoryMirror {
  return {
    fetch: () => mirror.fetch(),
    resolveRef: (ref) => mirror.resolveRef(ref),
    readFile,
    checkoutTar: (sha, options) => mirror.checkoutTar(sha, options),
    remove: () => mirror.remove(),
  };
}
