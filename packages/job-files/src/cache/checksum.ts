import { createHash } from "node:crypto";
import { pipeline } from "node:stream/promises";
import * as tar from "tar-stream";
import { destroyStream } from "../archive/destroy.ts";
import type { ContainerFiles } from "../container/container-files.ts";
import { JobFilesError } from "../errors.ts";

/**
 * `{{ checksum "file" }}` for a file in the container: base64 of the SHA-256 of its bytes,
 * hashed as it streams out of Docker's archive (no tool needed in the image).
 */
export async function containerFileChecksum(files: ContainerFiles, path: string): Promise<string> {
  const extract = tar.extract();
  const source = await files.readArchive(path);
  source.on("error", (error) => extract.destroy(error));
  source.pipe(extract);
  let digest: string | undefined;
  try {
    digest = await hashFirstFile(extract, path);
  } finally {
    destroyStream(source);
  }
  if (digest === undefined) throw new JobFilesError(`checksum: ${path} is not a regular file`);
  return digest;
}

async function hashFirstFile(extract: tar.Extract, path: string): Promise<string | undefined> {
  let digest: string | undefined;
  for await (const entry of extract) {
    if (digest === undefined && entry.header.type === "file") {
      const hash = createHash("sha256");
      await pipeline(entry, hash);
      digest = hash.digest("base64");
    } else {
      if (digest === undefined) {
        throw new JobFilesError(
          `checksum needs a regular file, but ${path} is a ${entry.header.type ?? "special file"}`,
        );
      }
      entry.resume();
    }
  }
  return digest;
}
