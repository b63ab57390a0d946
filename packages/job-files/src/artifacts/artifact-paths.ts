import { posix } from "node:path";
import { JobFilesError } from "../errors.ts";

/**
 * The artifact path prefix for a store_artifacts step: `destination` when given, else the
 * path as written (CircleCI shows `/tmp/out` artifacts as `tmp/out/...`), without `~/`,
 * leading slashes or `.`/`..` segments.
 */
export function artifactPrefix(path: string, destination?: string): string {
  const chosen = destination ?? path.replace(/^~(?=\/|$)/, "");
  const cleaned = posix
    .normalize(`/${chosen}`)
    .split("/")
    .filter((segment) => segment !== "" && segment !== "." && segment !== "..")
    .join("/");
  return cleaned;
}

/** The artifact path of one file: prefix + its path relative to what was stored. */
export function artifactPath(prefix: string, relative: string): string {
  const path = posix.join(prefix, relative).replace(/^\/+/, "");
  if (path === "" || path === ".") throw new JobFilesError("an artifact needs a file name");
  return path;
}

/** Storage key of an artifact: `artifacts/<jobId>/<artifact path>`. */
export function artifactStorageKey(jobId: string, path: string): string {
  return `artifacts/${jobId}/${path}`;
}

/**
 * The URL path the artifacts app serves an artifact at (on the project's own origin):
 * `/<jobId>/<artifact path>`, each segment percent-encoded.
 */
export function artifactUrlPath(jobId: string, path: string): string {
  return `/${encodeURIComponent(jobId)}/${path.split("/").map(encodeURIComponent).join("/")}`;
}
