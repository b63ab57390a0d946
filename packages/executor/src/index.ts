export { checkDocker, createDockerClient } from "./docker-client.ts";
export { FirewallError, ImageUnavailableError, SandboxError } from "./errors.ts";
export {
  FIREWALL_RULES,
  installFirewall,
  isFirewallInstalled,
  removeFirewall,
} from "./host/firewall.ts";
export { type ReapResult, reapOrphans, removeWorkerObjects } from "./host/reaper.ts";
export {
  DEFAULT_IMAGE_ALIASES_URL,
  type ImageAlias,
  type ImageAliases,
  matchImageAlias,
  normalizeImageRef,
  parseImageAliases,
  resolveImageAlias,
} from "./images/aliases.ts";
export { type EnsureImageOptions, ensureImage, type ResolvedImage } from "./images/ensure-image.ts";
export { JobProgress } from "./job-runner.ts";
export {
  DEFAULT_RESOURCE_CLASS,
  hostResourceCap,
  RESOURCE_CLASSES,
  type ResourceCap,
  type ResourceLimits,
  resourcesForClass,
} from "./resources/resource-class.ts";
export { JOB_CAPABILITIES } from "./sandbox/container-security.ts";
export { DockerJobSandbox } from "./sandbox/docker-job-sandbox.ts";
export { type JobEnvironment, mergeJobEnvironment } from "./sandbox/environment.ts";
export type {
  JobSandbox,
  OutputHandler,
  OutputStream,
  RunStepOptions,
  RunStepSpec,
  SandboxOptions,
  StepResult,
} from "./sandbox/job-sandbox.ts";
export { LABEL_JOB, LABEL_ROLE, LABEL_WORKER } from "./sandbox/labels.ts";
