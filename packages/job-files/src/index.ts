export { artifactUrlPath } from "./artifacts/artifact-paths.ts";
export {
  type StoreArtifactsInput,
  type StoredArtifact,
  storeArtifacts,
} from "./artifacts/store-artifacts.ts";
export {
  archKey,
  type ChecksumFn,
  type KeyTemplateValues,
  MAX_CACHE_KEY_LENGTH,
  renderKeyTemplate,
} from "./cache/key-template.ts";
export { type CacheCandidate, pickRestoreCandidate } from "./cache/pick-restore-candidate.ts";
export {
  type RestoreCacheInput,
  type RestoreCacheResult,
  restoreCache,
} from "./cache/restore-cache.ts";
export { type SaveCacheInput, type SaveCacheResult, saveCache } from "./cache/save-cache.ts";
export { cacheStorageKey } from "./cache/storage-key.ts";
export type { ContainerFiles } from "./container/container-files.ts";
export { DockerContainerFiles } from "./container/docker-container-files.ts";
export type { JobFilesContext, JobRef } from "./context.ts";
export { JobFilesError, NoSuchPathError } from "./errors.ts";
export { type FileStep, isFileStep, runFileStep } from "./run-file-step.ts";
export { type JUnitParseResult, type ParsedTestCase, parseJUnitXml } from "./test-results/junit.ts";
export {
  DEFAULT_TEST_RESULT_LIMITS,
  type StoreTestResultsInput,
  type StoreTestResultsResult,
  storeTestResults,
  type TestResultLimits,
} from "./test-results/store-test-results.ts";
export {
  type AttachWorkspaceInput,
  type AttachWorkspaceResult,
  attachWorkspace,
} from "./workspace/attach-workspace.ts";
export { orderLayersForAttach, WorkspaceConflictError } from "./workspace/layer-order.ts";
export {
  type PersistToWorkspaceInput,
  type PersistToWorkspaceResult,
  persistToWorkspace,
} from "./workspace/persist-to-workspace.ts";
