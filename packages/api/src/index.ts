export { ApiError, type ApiErrorCode, HTTP_STATUS } from "./errors.ts";
export { type GitHookOutcome, receiveGitHook } from "./hooks/receive-git-hook.ts";
export { ensurePersonalOrganization } from "./organizations/ensure-personal-organization.ts";
export { type TriggerPipelineInput, triggerPipeline } from "./pipelines/trigger-pipeline.ts";
export {
  type CreatedGitProject,
  createGitProject,
  type TCreateGitProject,
  ZCreateGitProjectSchema,
} from "./projects/create-git-project.ts";
export { findProjectBySlugOrId } from "./projects/find-project.ts";
export { openProjectMirror } from "./projects/project-mirror.ts";
export type { Services } from "./services.ts";
