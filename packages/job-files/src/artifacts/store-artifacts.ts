import { posix } from "node:path";
import mime from "mime-types";
import * as tar from "tar-stream";
import { toNodeReadable } from "../archive/copy-entries.ts";
import { destroyStream } from "../archive/destroy.ts";
import { containerPath, type JobFilesContext } from "../context.ts";
import { elapsedSince, formatBytes, formatSeconds } from "../format.ts";
import { entryAbsolutePath } from "../paths.ts";
import {
  artifactPath,
  artifactPrefix,
  artifactStorageKey,
  artifactUrlPath,
} from "./artifact-paths.ts";

export interface StoreArtifactsInput {
  /** A file or a directory (stored recursively). */
  path: string;
  destination?: string;
}

export interface StoredArtifact {
  path: string;
  size: number;
  contentType: string;
  urlPath: string;
}

/**
 * store_artifacts: uploads each regular file under `path` to
 * `artifacts/<jobId>/<destination>/<relative path>` with a content type guessed from its
 * name, and records an Artifact row. A missing path is a warning, as in CircleCI. The
 * caller runs this step even after a failed step (not after cancel or timeout).
 */
export async function storeArtifacts(
  context: JobFilesContext,
  input: StoreArtifactsInput,
): Promise<StoredArtifact[]> {
  const { onLog, files } = context;
  const source = await containerPath(context, input.path);
  if (!(await files.exists(source))) {
    onLog(`Warning: no artifact files found: no such file or directory: ${source}`);
    return [];
  }
  const prefix = artifactPrefix(input.path, input.destination);
  const started = performance.now();
  const stored: StoredArtifact[] = [];
  const extract = tar.extract();
  const archive = await files.readArchive(source);
  archive.on("error", (error) => extract.destroy(error));
  archive.pipe(extract);
  try {
    for await (const entry of extract) {
      if (entry.header.type !== "file" && entry.header.type !== "contiguous-file") {
        if (entry.header.type === "symlink") {
          onLog(
            `Skipping symlink ${entryAbsolutePath(source, entry.header.name)} (artifacts hold regular files only)`,
          );
        }
        entry.resume();
        continue;
      }
      const relative = posix.relative(source, entryAbsolutePath(source, entry.header.name));
      const path = artifactPath(prefix, relative);
      stored.push(await storeOne(context, path, toNodeReadable(entry)));
    }
  } finally {
    destroyStream(archive);
  }
  const total = stored.reduce((sum, artifact) => sum + artifact.size, 0);
  onLog(
    `Uploaded ${stored.length} ${stored.length === 1 ? "artifact" : "artifacts"} (${formatBytes(total)}) from ${source} in ${formatSeconds(elapsedSince(started))}`,
  );
  return stored;
}

async function storeOne(
  context: JobFilesContext,
  path: string,
  body: NodeJS.ReadableStream,
): Promise<StoredArtifact> {
  const { db, store, job } = context;
  const contentType = mime.contentType(posix.basename(path)) || "application/octet-stream";
  const storageKey = artifactStorageKey(job.id, path);
  const { size } = await store.put(storageKey, body, { contentType });
  const row = { storageKey, size: BigInt(size), contentType };
  await db.artifact.upsert({
    where: { jobId_path: { jobId: job.id, path } },
    create: { jobId: job.id, path, ...row },
    update: row,
  });
  return { path, size, contentType, urlPath: artifactUrlPath(job.id, path) };
}
