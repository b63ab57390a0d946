/**
 * Image aliases: which local image stands in for a job image that cannot be pulled.
 *
 * Pure (no I/O, no dependencies): the worker reads `infra/images/aliases.json` (see
 * `DEFAULT_IMAGE_ALIASES_URL`) itself and passes the parsed JSON in. It is consulted only when the requested image is neither present locally
 * nor pullable.
 *
 * Matching:
 * - the requested reference is normalized to `repo:tag` first (see `normalizeImageRef`):
 *   Docker Hub's `docker.io/` / `index.docker.io/` host and `library/` namespace are dropped,
 *   a missing tag becomes `latest`, a `@sha256:…` digest is dropped;
 * - patterns are globs on that string: `*` is any run of characters except `/`, `**` any
 *   run including `/`, `?` one character except `/`; everything else is literal and the
 *   whole string must match;
 * - the first matching pattern wins, in the order of the JSON object;
 * - keys starting with `$` (such as `$comment`) are documentation, not patterns.
 */

export interface ImageAlias {
  readonly pattern: string;
  readonly image: string;
}

/** The parsed `aliases.json` (a pattern → image object), or an ordered list of aliases. */
export type ImageAliases = Readonly<Record<string, unknown>> | readonly ImageAlias[];

/**
 * Where `aliases.json` sits (beside the image builder, infra/images, which makes the images it
 * names); read it with `fs.readFile(DEFAULT_IMAGE_ALIASES_URL)`.
 */
export const DEFAULT_IMAGE_ALIASES_URL: URL = new URL(
  "../../../../infra/images/aliases.json",
  import.meta.url,
);

const DOCKER_HUB_HOSTS = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

/**
 * `node` → `node:latest`, `docker.io/library/node:20` → `node:20`,
 * `cimg/node:20.1@sha256:ab…` → `cimg/node:20.1`, `ghcr.io/o/i` → `ghcr.io/o/i:latest`.
 */
export function normalizeImageRef(image: string): string {
  let ref = image.trim();
  const at = ref.indexOf("@");
  if (at >= 0) ref = ref.slice(0, at);
  // The tag is after the last ':' that follows the last '/' (a registry port has a '/' after it).
  const colon = ref.lastIndexOf(":");
  let repo = ref;
  let tag = "latest";
  if (colon > ref.lastIndexOf("/")) {
    repo = ref.slice(0, colon);
    tag = ref.slice(colon + 1) || "latest";
  }
  const slash = repo.indexOf("/");
  if (slash >= 0 && DOCKER_HUB_HOSTS.has(repo.slice(0, slash).toLowerCase())) {
    repo = repo.slice(slash + 1);
  }
  if (repo.startsWith("library/") && repo.indexOf("/", "library/".length) < 0) {
    repo = repo.slice("library/".length);
  }
  return `${repo}:${tag}`;
}

const globCache = new Map<string, RegExp>();

/** Compiles a glob as described above into an anchored RegExp. */
export function globToRegExp(pattern: string): RegExp {
  const cached = globCache.get(pattern);
  if (cached) return cached;
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "*") {
      if (pattern[i + 1] === "*") {
        source += ".*";
        i++;
      } else {
        source += "[^/]*";
      }
    } else if (c === "?") {
      source += "[^/]";
    } else {
      source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
  }
  const re = new RegExp(`^${source}$`, "s");
  globCache.set(pattern, re);
  return re;
}

/**
 * Validates the parsed `aliases.json` and returns its aliases in order.
 * Throws a TypeError naming the bad entry.
 */
export function parseImageAliases(json: unknown): ImageAlias[] {
  if (Array.isArray(json)) {
    return json.map((entry, i) => {
      if (
        typeof entry !== "object" ||
        entry === null ||
        typeof (entry as ImageAlias).pattern !== "string" ||
        typeof (entry as ImageAlias).image !== "string" ||
        (entry as ImageAlias).pattern === "" ||
        (entry as ImageAlias).image === ""
      ) {
        throw new TypeError(`image alias #${i} must be { pattern: string, image: string }`);
      }
      return { pattern: (entry as ImageAlias).pattern, image: (entry as ImageAlias).image };
    });
  }
  if (typeof json !== "object" || json === null) {
    throw new TypeError("image aliases must be an object of pattern → image");
  }
  const aliases: ImageAlias[] = [];
  for (const [pattern, image] of Object.entries(json)) {
    if (pattern.startsWith("$")) continue;
    if (typeof image !== "string" || image === "" || pattern === "") {
      throw new TypeError(`image alias ${JSON.stringify(pattern)} must map to an image name`);
    }
    aliases.push({ pattern, image });
  }
  return aliases;
}

/**
 * The first alias whose pattern matches `image`, or undefined.
 * `aliases` is the parsed `aliases.json` or the result of `parseImageAliases`.
 */
export function matchImageAlias(image: string, aliases: ImageAliases): ImageAlias | undefined {
  const list = Array.isArray(aliases)
    ? (aliases as readonly ImageAlias[])
    : parseImageAliases(aliases);
  const ref = normalizeImageRef(image);
  return list.find(({ pattern }) => globToRegExp(pattern).test(ref));
}

/** The local image to use instead of `image`, or undefined when no alias matches. */
export function resolveImageAlias(image: string, aliases: ImageAliases): string | undefined {
  return matchImageAlias(image, aliases)?.image;
}
