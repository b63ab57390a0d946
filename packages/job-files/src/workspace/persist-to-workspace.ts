import { randomUUID } from "node:crypto";
import { posix } from "node:path";
import { uploadArchive } from "../archive/upload-archive.ts";
import { containerPath, type JobFilesContext } from "../context.ts";
import { JobFilesError, NoSuchPathError } from "../errors.ts";
import { elapsedSince, formatBytes, formatSeconds } from "../format.ts";
import { entryAbsolutePath, isWithin } from "../paths.ts";
import { selectPaths } from "./path-selection.ts";

export interface PersistToWorkspaceInput {
  root: string;
  /** Globs relative to root (absolute paths inside root are accepted too). */
  paths: string[];
}

export interface PersistToWorkspaceResult {
  layerId: string;
  files: number;
  size: number;
}

/**
 * persist_to_workspace: stores the matching files under `root` as one layer of the
 * workflow's workspace (names relative to root), recorded as a WorkspaceLayer row.
 */
export async function persistToWorkspace(
  context: JobFilesContext,
  input: PersistToWorkspaceInput,
): Promise<PersistToWorkspaceResult> {
  const { db, job, onLog, files } = context;
  const root = await containerPath(context, input.root);
  if (!(await files.exists(root))) throw new NoSuchPathError(root);
  const selection = selectPaths(input.paths.map((path) => relativeToRoot(root, path)));

  const sources: string[] = [];
  for (const base of selection.bases) {
    const source = base === "" ? root : posix.join(root, base);
    if (await files.exists(source)) sources.push(source);
    else if (selection.literalBases.has(base)) throw new NoSuchPathError(source);
  }

  const layerId = randomUUID();
  const storagePath = `workspaces/${job.workflowId}/${job.id}/${layerId}.tar.gz`;
  const persisted: string[] = [];
  const started = performance.now();
  const uploaded = await uploadArchive(
    context.store,
    storagePath,
    files,
    sources.map((source) => ({
      path: source,
      rename: (header) => {
        const name = posix.relative(root, entryAbsolutePath(source, header.name));
        if (name === "" || !selection.includes(name)) return null;
        const linkname = header.linkname
          ? posix.relative(root, entryAbsolutePath(source, header.linkname))
          : undefined;
        return { name, linkname };
      },
    })),
    (header) => {
      if (header.type !== "directory") persisted.push(header.name);
    },
  );
  if (persisted.length === 0) {
    await context.store.delete(storagePath);
    throw new JobFilesError(
      `The specified paths did not match any files in ${root}: ${input.paths.join(", ")}`,
    );
  }
  await db.workspaceLayer.create({
    data: {
      id: layerId,
      workflowId: job.workflowId,
      jobId: job.id,
      root,
      storagePath,
      size: BigInt(uploaded.storedBytes),
      files: persisted,
    },
  });
  onLog(
    `Persisted ${persisted.length} ${persisted.length === 1 ? "file" : "files"} from ${root} to the workspace: ${formatBytes(uploaded.storedBytes)} in ${formatSeconds(elapsedSince(started))}`,
  );
  return { layerId, files: persisted.length, size: uploaded.storedBytes };
}

function relativeToRoot(root: string, path: string): string {
  if (!posix.isAbsolute(path)) return path;
  if (!isWithin(root, path)) {
    throw new JobFilesError(`persist_to_workspace path ${path} is not inside root ${root}`);
  }
  return posix.relative(root, path) || ".";
}
