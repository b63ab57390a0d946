import type { Db } from "@cairn/db";
import type { BlobStore } from "@cairn/storage";
import type { KeyTemplateValues } from "./cache/key-template.ts";
import type { ContainerFiles } from "./container/container-files.ts";
import { resolveContainerPath } from "./paths.ts";

/** The job whose steps move files. */
export interface JobRef {
  id: string;
  projectId: string;
  workflowId: string;
}

/** Everything a file step needs; one per job. */
export interface JobFilesContext {
  db: Db;
  store: BlobStore;
  /** The job's primary container. */
  files: ContainerFiles;
  job: JobRef;
  /** The job's working directory as the plan has it (`~/project` by default). */
  workingDirectory: string;
  /** Values for cache key templates. */
  keyValues: KeyTemplateValues;
  /**
   * Progress and warning lines for the step's log. Lines may contain rendered cache keys
   * (which can hold `{{ .Environment.X }}` values), so the caller masks them like all
   * step output.
   */
  onLog: (line: string) => void;
}

/** Resolves a path written in a step to an absolute path in the container. */
export async function containerPath(context: JobFilesContext, path: string): Promise<string> {
  return resolveContainerPath(path, {
    home: await context.files.homeDirectory(),
    workingDirectory: context.workingDirectory,
  });
}
