import type {
  AttachWorkspaceStep,
  PersistToWorkspaceStep,
  PlanStep,
  RestoreCacheStep,
  SaveCacheStep,
  StoreArtifactsStep,
  StoreTestResultsStep,
} from "@cairn/config";
import { storeArtifacts } from "./artifacts/store-artifacts.ts";
import { restoreCache } from "./cache/restore-cache.ts";
import { saveCache } from "./cache/save-cache.ts";
import type { JobFilesContext } from "./context.ts";
import { storeTestResults } from "./test-results/store-test-results.ts";
import { attachWorkspace } from "./workspace/attach-workspace.ts";
import { persistToWorkspace } from "./workspace/persist-to-workspace.ts";

/** The plan steps this package runs. */
export type FileStep =
  | SaveCacheStep
  | RestoreCacheStep
  | PersistToWorkspaceStep
  | AttachWorkspaceStep
  | StoreArtifactsStep
  | StoreTestResultsStep;

const FILE_STEP_KINDS = new Set<string>([
  "save_cache",
  "restore_cache",
  "persist_to_workspace",
  "attach_workspace",
  "store_artifacts",
  "store_test_results",
]);

export function isFileStep(step: PlanStep): step is FileStep {
  return FILE_STEP_KINDS.has(step.kind);
}

/**
 * Runs one file step of a compiled plan. Resolves when the step succeeded (warnings such
 * as a cache miss are log lines); rejects with a JobFilesError whose message belongs in
 * the job's log when it failed. Deciding whether a step runs (`when`, earlier failures)
 * is the caller's job.
 */
export async function runFileStep(context: JobFilesContext, step: FileStep): Promise<void> {
  switch (step.kind) {
    case "save_cache":
      await saveCache(context, { key: step.key, paths: step.paths });
      return;
    case "restore_cache":
      await restoreCache(context, { keys: step.keys });
      return;
    case "persist_to_workspace":
      await persistToWorkspace(context, { root: step.root, paths: step.paths });
      return;
    case "attach_workspace":
      await attachWorkspace(context, { at: step.at });
      return;
    case "store_artifacts":
      await storeArtifacts(context, { path: step.path, destination: step.destination });
      return;
    case "store_test_results":
      await storeTestResults(context, { path: step.path });
      return;
  }
}
