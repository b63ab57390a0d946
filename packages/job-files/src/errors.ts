/**
 * A failure the job's author can act on (a missing path, a bad cache key, a workspace
 * conflict). Its message is meant for the job's log as is; callers print the message, not
 * the stack.
 */
export class JobFilesError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "JobFilesError";
  }
}

/** Thrown when a path the step names does not exist in the container. */
export class NoSuchPathError extends JobFilesError {
  constructor(readonly path: string) {
    super(`no such file or directory: ${path}`);
    this.name = "NoSuchPathError";
  }
}
