import { posix } from "node:path";
import type { Db } from "@cairn/db";
import { downloadArchive } from "../archive/download-archive.ts";
import { containerPath, type JobFilesContext } from "../context.ts";
import { elapsedSince, formatBytes, formatSeconds } from "../format.ts";
import { archiveNameFromAbsolute } from "../paths.ts";
import { type LayerRecord, orderLayersForAttach, type WorkflowJob } from "./layer-order.ts";

export interface AttachWorkspaceInput {
  /** Directory the workspace appears in (created when missing). */
  at: string;
}

export interface AttachWorkspaceResult {
  layers: number;
  size: number;
}

/**
 * attach_workspace: extracts under `at` the layers persisted by every job this job
 * requires (transitively), upstream layers first. Fails, before writing anything, when
 * two concurrent jobs persisted the same file.
 */
export async function attachWorkspace(
  context: JobFilesContext,
  input: AttachWorkspaceInput,
): Promise<AttachWorkspaceResult> {
  const { db, job, onLog } = context;
  const at = await containerPath(context, input.at);
  const [jobs, layers] = await Promise.all([
    workflowJobs(db, job.workflowId),
    workflowLayers(db, job.workflowId),
  ]);
  const ordered = orderLayersForAttach(jobs, layers, job.id);
  if (ordered.length === 0) {
    onLog("Warning: no upstream job persisted anything to the workspace; nothing to attach");
    return { layers: 0, size: 0 };
  }

  const names = new Map(jobs.map((workflowJob) => [workflowJob.id, workflowJob.name]));
  const started = performance.now();
  let size = 0;
  for (const layer of ordered) {
    const layerStarted = performance.now();
    const { storedBytes } = await downloadArchive(
      context.store,
      layer.storagePath,
      context.files,
      (header) => ({
        name: archiveNameFromAbsolute(posix.join(at, header.name)),
        linkname: header.linkname
          ? archiveNameFromAbsolute(posix.join(at, header.linkname))
          : undefined,
      }),
    );
    size += storedBytes;
    onLog(
      `Applied workspace layer of job ${names.get(layer.jobId) ?? layer.jobId}: ${formatBytes(storedBytes)} in ${formatSeconds(elapsedSince(layerStarted))}`,
    );
  }
  onLog(
    `Attached ${ordered.length} workspace ${ordered.length === 1 ? "layer" : "layers"} at ${at}: ${formatBytes(size)} in ${formatSeconds(elapsedSince(started))}`,
  );
  return { layers: ordered.length, size };
}

async function workflowJobs(db: Db, workflowId: string): Promise<WorkflowJob[]> {
  const rows = await db.job.findMany({
    where: { workflowId },
    select: { id: true, name: true, requires: true, parallelIndex: true, parallelism: true },
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    parallelIndex: row.parallelIndex,
    parallelism: row.parallelism,
    requires:
      row.requires && typeof row.requires === "object" && !Array.isArray(row.requires)
        ? Object.keys(row.requires)
        : [],
  }));
}

async function workflowLayers(
  db: Db,
  workflowId: string,
): Promise<(LayerRecord & { storagePath: string })[]> {
  const rows = await db.workspaceLayer.findMany({
    where: { workflowId },
    select: { id: true, jobId: true, createdAt: true, files: true, storagePath: true },
  });
  return rows.map((row) => ({
    ...row,
    files: Array.isArray(row.files)
      ? row.files.filter((f): f is string => typeof f === "string")
      : [],
  }));
}
