import { constants } from "node:fs";
import { type FileHandle, open, realpath } from "node:fs/promises";
import { dirname, join, sep } from "node:path";
import type { Readable } from "node:stream";

/** An artifact's bytes, ready to stream (whole or one inclusive range). */
export interface OpenedBody {
  size: number;
  stream(range?: { start: number; end: number }): Readable;
  close(): Promise<void>;
}

/** Where the artifacts app reads artifact bytes from, by storage key. */
export interface ArtifactBodies {
  /** The blob as a regular file, or null when it is missing, a folder or a symlink. */
  open(key: string): Promise<OpenedBody | null>;
  /**
   * A short-lived URL the browser may fetch the blob from itself, or null when the blob is
   * missing. Backends without one stream every artifact through `open`.
   */
  redirectUrl?(key: string, contentType: string): Promise<string | null>;
}

/**
 * Reads the filesystem blob store's files (`<root>/blobs/<key>`, as @cairn/storage lays
 * them out) directly, for ranges without reading what comes before. A symlink, as the
 * file or as a folder on its way, is never followed out of the root.
 */
export class FileArtifactBodies implements ArtifactBodies {
  private readonly blobsDir: string;

  constructor(root: string) {
    this.blobsDir = join(root, "blobs");
  }

  async open(key: string): Promise<OpenedBody | null> {
    const path = join(this.blobsDir, key);
    if (!path.startsWith(this.blobsDir + sep)) return null;
    let handle: FileHandle;
    try {
      if (!(await this.isInside(dirname(path)))) return null;
      handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      return null;
    }
    return {
      size: info.size,
      stream: (range) =>
        handle.createReadStream(range ? { start: range.start, end: range.end } : {}),
      close: () => handle.close(),
    };
  }

  private async isInside(folder: string): Promise<boolean> {
    const [real, root] = await Promise.all([realpath(folder), realpath(this.blobsDir)]);
    return real === root || real.startsWith(root + sep);
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP" || code === "EISDIR";
}
