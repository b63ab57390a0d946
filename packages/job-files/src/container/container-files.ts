/**
 * File access to a job's primary container. The Docker implementation is the only one
 * today; a `machine` executor would implement the same over SSH.
 */
export interface ContainerFiles {
  /** The home directory of the user the job's steps run as (what `~` means). */
  homeDirectory(): Promise<string>;
  /** True when something (file, directory, link) exists at the absolute path. */
  exists(path: string): Promise<boolean>;
  /**
   * A tar stream of the file or directory at an absolute path. Entry names start with the
   * path's base name (as `docker cp` makes them); symlinks are kept as links.
   * Rejects with NoSuchPathError when nothing is there.
   */
  readArchive(path: string): Promise<NodeJS.ReadableStream>;
  /**
   * Extracts a tar stream into an existing absolute directory, keeping modes, owners and
   * symlinks, creating missing parent directories of entries.
   */
  writeArchive(tar: NodeJS.ReadableStream, directory: string): Promise<void>;
}
