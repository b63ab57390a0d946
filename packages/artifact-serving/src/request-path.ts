/** A request for one job's artifact (or folder) on a project origin. */
export interface ArtifactRequest {
  /** The signed link token, when the path starts with `/~<token>/`. */
  token?: string;
  jobNumber: number;
  /** Parallel run; `/<number>.<index>/` names run `index`, `/<number>/` run 0. */
  nodeIndex: number;
  /** The artifact path, or a folder of artifacts ("" is the job's top folder). */
  path: string;
  /** True when the path ended in `/`: a folder, whose relative links resolve inside it. */
  directory: boolean;
}

/** A request path that names no artifact; `status` is the answer (400 or 404). */
export class ArtifactPathError extends Error {
  override name = "ArtifactPathError";
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

export const MAX_URL_PATH_LENGTH = 4096;
const MAX_SEGMENT_BYTES = 255;
const JOB_SEGMENT = /^([1-9][0-9]{0,8})(?:\.(0|[1-9][0-9]{0,3}))?$/;

/**
 * Parses the raw request target (`req.url`, still percent-encoded). Encoded slashes,
 * backslashes and NULs, `.`/`..` segments, empty segments, bad escapes and over-long paths
 * are refused with 400 rather than normalised: a link that needs normalising is not one
 * Cairn hands out.
 */
export function parseArtifactRequestPath(rawTarget: string): ArtifactRequest {
  const rawPath = rawTarget.split("?", 1)[0] ?? "";
  if (rawPath.length > MAX_URL_PATH_LENGTH) throw bad("The path is too long.");
  if (!rawPath.startsWith("/")) throw bad("The path must start with /.");
  if (/%(2f|5c|00)/i.test(rawPath) || rawPath.includes("\\") || hasControlCharacter(rawPath)) {
    throw bad("The path holds an encoded slash, a backslash or a control character.");
  }
  const segments = rawPath.slice(1).split("/").map(decodeSegment);
  const directory = segments.at(-1) === "";
  if (directory) segments.pop();
  for (const segment of segments) {
    if (segment === "") throw bad("The path has an empty segment.");
    if (segment === "." || segment === "..") throw bad("The path has a . or .. segment.");
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) throw bad("A path segment is too long.");
  }
  let token: string | undefined;
  if (segments[0]?.startsWith("~")) token = segments.shift()?.slice(1);
  const job = JOB_SEGMENT.exec(segments.shift() ?? "");
  if (!job) throw new ArtifactPathError(404, "No artifact at this address.");
  const path = segments.join("/");
  return {
    ...(token === undefined ? {} : { token }),
    jobNumber: Number(job[1]),
    nodeIndex: Number(job[2] ?? 0),
    path,
    directory,
  };
}

/** The URL path of an artifact, each segment percent-encoded, optionally behind a token. */
export function artifactRequestPath(
  jobNumber: number,
  nodeIndex: number,
  path: string,
  token?: string,
): string {
  const job = nodeIndex === 0 ? `${jobNumber}` : `${jobNumber}.${nodeIndex}`;
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  return `${token === undefined ? "" : `/~${token}`}/${job}/${encoded}`;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw bad("The path has an invalid percent-escape.");
  }
}

function bad(message: string): ArtifactPathError {
  return new ArtifactPathError(400, message);
}

function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
