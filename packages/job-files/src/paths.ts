import { posix } from "node:path";
import { JobFilesError } from "./errors.ts";

/**
 * The absolute path in the container for a path written in a step: `~` is the container
 * user's home, a relative path is relative to the job's working directory (which may
 * itself start with `~`).
 */
export function resolveContainerPath(
  path: string,
  places: { home: string; workingDirectory: string },
): string {
  if (path.trim() === "") throw new JobFilesError("a path is required (got an empty string)");
  if (path.includes("\0")) throw new JobFilesError(`invalid path ${JSON.stringify(path)}`);
  const expanded = expandHome(path, places.home);
  if (posix.isAbsolute(expanded)) return stripTrailingSlash(posix.normalize(expanded));
  const base = expandHome(places.workingDirectory, places.home);
  if (!posix.isAbsolute(base)) {
    throw new JobFilesError(`the working directory must be absolute: ${places.workingDirectory}`);
  }
  return stripTrailingSlash(posix.resolve(base, expanded));
}

function expandHome(path: string, home: string): string {
  if (path === "~") return home;
  if (path.startsWith("~/")) return posix.join(home, path.slice(2));
  return path;
}

function stripTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

/**
 * Names in a tar that Docker returns for `getArchive(source)` start with the source's base
 * name; this gives the absolute path such an entry came from.
 */
export function entryAbsolutePath(source: string, entryName: string): string {
  return stripTrailingSlash(posix.join(posix.dirname(source), entryName));
}

/** `/root/project/x` → `root/project/x`: a tar name that extracts in place at `/`. */
export function archiveNameFromAbsolute(absolute: string): string {
  return absolute.replace(/^\/+/, "");
}

/** True when `path` is `directory` itself or inside it. */
export function isWithin(directory: string, path: string): boolean {
  const relative = posix.relative(directory, path);
  return (
    relative === "" ||
    (!relative.startsWith("../") && relative !== ".." && !posix.isAbsolute(relative))
  );
}
