export { canSeeOrganization } from "./access/can-see-organization.ts";
export { findVisiblePipeline, findVisibleWorkflow } from "./access/find-visible-pipeline.ts";
export { findVisibleProject, type VisibleProject } from "./access/find-visible-project.ts";
export { isManagerRole, organizationRole } from "./access/organization-role.ts";
export { PROJECT_NOT_FOUND, type Viewer } from "./access/viewer.ts";
export {
  type ArtifactLinkSettings,
  type JobArtifactItem,
  listJobArtifacts,
} from "./artifacts/list-job-artifacts.ts";
export * from "./audit/index.ts";
export {
  reportDueCommitStatuses,
  runCommitStatusReporter,
} from "./commit-status/report-commit-statuses.ts";
export * from "./contexts/index.ts";
export {
  ENV_VAR_VALUE_MAX_BYTES,
  type TCreateEnvVar,
  ZCreateEnvVarSchema,
  ZEnvVarNameSchema,
} from "./env-vars/env-var-input.ts";
export { listCheckoutKeys } from "./env-vars/list-checkout-keys.ts";
export {
  deleteProjectEnvVar,
  type EnvVarItem,
  getProjectEnvVar,
  listProjectEnvVars,
  upsertProjectEnvVar,
} from "./env-vars/project-env-vars.ts";
export { ApiError, type ApiErrorCode, HTTP_STATUS } from "./errors.ts";
export {
  addGroupMember,
  createGroup,
  deleteGroup,
  listGroups,
  removeGroupMember,
  type TCreateGroup,
  ZCreateGroupSchema,
} from "./groups/groups.ts";
export {
  type DeliveryResult,
  processWebhookDelivery,
} from "./hooks/process-webhook-delivery.ts";
export {
  projectProviderClient,
  providerTokenForProject,
  repositoryRefOf,
} from "./hooks/provider-token.ts";
export { type GitHookOutcome, receiveGitHook } from "./hooks/receive-git-hook.ts";
export {
  PROVIDER_HOOK_BODY_LIMIT,
  type ProviderHookOutcome,
  receiveProviderHook,
} from "./hooks/receive-provider-hook.ts";
export { processWaitingDeliveries, runWebhookProcessor } from "./hooks/run-webhook-processor.ts";
export {
  listWebhookDeliveries,
  redeliverWebhook,
  type WebhookDeliveryItem,
} from "./hooks/webhook-deliveries.ts";
export { cancelProjectJob } from "./jobs/cancel-project-job.ts";
export { findJobRun } from "./jobs/find-job-run.ts";
export { findVisibleJob, parseJobNumber } from "./jobs/find-visible-job.ts";
export { getProjectJob } from "./jobs/get-project-job.ts";
export { type JobTestItem, listJobTests } from "./jobs/list-job-tests.ts";
export { openApiDocument } from "./openapi/document.ts";
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
export { decryptDeployKey, openProjectMirror } from "./projects/project-mirror.ts";
export {
  followRepository,
  hookUrl,
  type TFollowRepository,
  ZFollowRepositorySchema,
} from "./repositories/follow-repository.ts";
export { listUserRepositories } from "./repositories/list-user-repositories.ts";
export {
  DEFAULT_REPOSITORY_SYNC_MINUTES,
  syncAllStaleRepositories,
  syncStaleRepositories,
  syncUserRepositories,
} from "./repositories/sync-user-repositories.ts";
export {
  type TUnfollowRepository,
  unfollowRepository,
  ZUnfollowRepositorySchema,
} from "./repositories/unfollow-repository.ts";
export type { Services } from "./services.ts";
export { signInWithLink } from "./sign-in/sign-in-with-link.ts";
export {
  getJobSshState,
  openSshAccess,
  rerunJobWithSsh,
  type TJobSshAccess,
  type TJobSshState,
} from "./ssh/job-ssh.ts";
export {
  addSshKey,
  deleteSshKey,
  listSshKeys,
  type SshKeyItem,
  type TAddSshKey,
  ZAddSshKeySchema,
} from "./ssh/ssh-keys.ts";
export { approveVisibleJob } from "./workflows/approve-visible-job.ts";
export { cancelVisibleWorkflow } from "./workflows/cancel-visible-workflow.ts";
export { getWorkflow } from "./workflows/get-workflow.ts";
export { listWorkflowJobs } from "./workflows/list-workflow-jobs.ts";
export {
  rerunVisibleWorkflow,
  type TRerunWorkflow,
  ZRerunWorkflowSchema,
} from "./workflows/rerun-visible-workflow.ts";
