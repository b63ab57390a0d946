/** Thrown for a key or prefix that is not a plain relative `/`-separated path. */
export class InvalidBlobKeyError extends Error {
  constructor(value: string, reason: string) {
    super(`Invalid blob key ${JSON.stringify(value)}: ${reason}`);
    this.name = "InvalidBlobKeyError";
  }
}

function checkCharacters(value: string): void {
  if (value.includes("\0")) throw new InvalidBlobKeyError(value, "contains a NUL character");
  if (value.includes("\\")) throw new InvalidBlobKeyError(value, "contains a backslash");
  if (value.startsWith("/")) throw new InvalidBlobKeyError(value, "is an absolute path");
}

function checkSegments(value: string, segments: string[]): void {
  for (const segment of segments) {
    if (segment === "") throw new InvalidBlobKeyError(value, "has an empty path segment");
    if (segment === "." || segment === "..") {
      throw new InvalidBlobKeyError(value, `has a "${segment}" path segment`);
    }
  }
}

/** A key names one blob: `logs/123.log.gz`. Throws InvalidBlobKeyError otherwise. */
export function assertValidKey(key: string): void {
  if (typeof key !== "string" || key === "") {
    throw new InvalidBlobKeyError(String(key), "is empty");
  }
  checkCharacters(key);
  checkSegments(key, key.split("/"));
}

/**
 * A list prefix is matched as a string (like S3): "" (everything), "logs/" or "logs/12".
 * It follows the key rules except that it may be empty or end with "/".
 */
export function assertValidPrefix(prefix: string): void {
  if (typeof prefix !== "string") throw new InvalidBlobKeyError(String(prefix), "is not a string");
  if (prefix === "") return;
  checkCharacters(prefix);
  const segments = prefix.split("/");
  if (prefix.endsWith("/")) segments.pop();
  checkSegments(prefix, segments);
}
