export { canSeeOrganization } from "./access/can-see-organization.ts";
export { findVisiblePipeline, findVisibleWorkflow } from "./access/find-visible-pipeline.ts";
export { findVisibleProject, type VisibleProject } from "./access/find-visible-project.ts";
export { PROJECT_NOT_FOUND, type Viewer } from "./access/viewer.ts";
export {
  type ArtifactLinkSettings,
  type JobArtifactItem,
  listJobArtifacts,
} from "./artifacts/list-job-artifacts.ts";
export { ApiError, type ApiErrorCode, HTTP_STATUS } from "./errors.ts";
export { type GitHookOutcome, receiveGitHook } from "./hooks/receive-git-hook.ts";
export { cancelProjectJob } from "./jobs/cancel-project-job.ts";
export { findJobRun } from "./jobs/find-job-run.ts";
export { findVisibleJob, parseJobNumber } from "./jobs/find-visible-job.ts";
export { getProjectJob } from "./jobs/get-project-job.ts";
export { ensurePersonalOrganization } from "./organizations/ensure-personal-organization.ts";
export { getPipeline } from "./pipelines/get-pipeline.ts";
export { listPipelineWorkflows } from "./pipelines/list-pipeline-workflows.ts";
export {
  decodePageToken,
  encodePageToken,
  type ListPipelinesOptions,
  listProjectPipelines,
  PIPELINE_PAGE_SIZE,
} from "./pipelines/list-project-pipelines.ts";
export { type TriggerPipelineInput, triggerPipeline } from "./pipelines/trigger-pipeline.ts";
export {
  type TTriggerProjectPipeline,
  triggerProjectPipeline,
  ZTriggerProjectPipelineSchema,
} from "./pipelines/trigger-project-pipeline.ts";
export { combinedJobStatus } from "./presenters/combined-job-status.ts";
export {
  type CreatedGitProject,
  createGitProject,
  type TCreateGitProject,
  ZCreateGitProjectSchema,
} from "./projects/create-git-project.ts";
export { findProjectBySlugOrId } from "./projects/find-project.ts";
export { getProject } from "./projects/get-project.ts";
export { openProjectMirror } from "./projects/project-mirror.ts";
export type { Services } from "./services.ts";
export { cancelVisibleWorkflow } from "./workflows/cancel-visible-workflow.ts";
export { getWorkflow } from "./workflows/get-workflow.ts";
export { listWorkflowJobs } from "./workflows/list-workflow-jobs.ts";
