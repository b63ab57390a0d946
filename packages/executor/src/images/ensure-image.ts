import type Docker from "dockerode";
import { ImageUnavailableError } from "../errors.ts";
import { type ImageAliases, matchImageAlias } from "./aliases.ts";

export interface EnsureImageOptions {
  /** The parsed aliases.json (or a list from parseImageAliases); none = no stand-ins. */
  aliases?: ImageAliases;
  /** Registry credentials from the config's `auth`; never logged. */
  auth?: { username: string; password: string };
  /** How long a pull may take before it counts as failed (default 5 minutes). */
  pullTimeoutMs?: number;
  /** A line for the job's log (which image stands in for which). */
  onLog?: (line: string) => void;
}

export interface ResolvedImage {
  /** What the job asked for. */
  requested: string;
  /** What will run. */
  image: string;
  source: "local" | "pulled" | "alias";
}

const DEFAULT_PULL_TIMEOUT_MS = 5 * 60_000;

/**
 * The image to run for `requested`: the local one if present; else a pull (bounded in time);
 * else the first matching alias, with a log line saying so; else an ImageUnavailableError
 * that names the image and how to provide it.
 */
export async function ensureImage(
  docker: Docker,
  requested: string,
  options: EnsureImageOptions = {},
): Promise<ResolvedImage> {
  if (await imageExists(docker, requested)) return { requested, image: requested, source: "local" };
  let reason: string;
  try {
    await pullImage(docker, requested, options);
    return { requested, image: requested, source: "pulled" };
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  const alias = options.aliases ? matchImageAlias(requested, options.aliases) : undefined;
  if (alias && (await imageExists(docker, alias.image))) {
    options.onLog?.(
      `image ${requested} is not available here; using local image ${alias.image} (alias ${alias.pattern})`,
    );
    return { requested, image: alias.image, source: "alias" };
  }
  if (alias) reason += `; its alias ${alias.image} (${alias.pattern}) is not built either`;
  throw new ImageUnavailableError(requested, reason);
}

async function imageExists(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch {
    return false;
  }
}

async function pullImage(docker: Docker, image: string, options: EnsureImageOptions) {
  const timeoutMs = options.pullTimeoutMs ?? DEFAULT_PULL_TIMEOUT_MS;
  const authconfig = options.auth
    ? { username: options.auth.username, password: options.auth.password }
    : undefined;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const stream = (await docker.pull(image, { authconfig, abortSignal: abort.signal })) as
      | NodeJS.ReadableStream
      | undefined;
    if (!stream) throw new Error("no response from the Docker engine");
    await new Promise<void>((resolve, reject) => {
      abort.signal.addEventListener("abort", () => {
        (stream as unknown as { destroy?: () => void }).destroy?.();
        reject(new Error(`no pull finished within ${Math.round(timeoutMs / 1000)} s`));
      });
      docker.modem.followProgress(stream, (error: Error | null) => {
        if (error) reject(error);
        else resolve();
      });
    });
    // A pull that streamed an error message still "finishes": believe only the engine.
    if (!(await imageExists(docker, image))) throw new Error("the pull did not produce the image");
  } catch (error) {
    if (abort.signal.aborted) {
      throw new Error(`no pull finished within ${Math.round(timeoutMs / 1000)} s`);
    }
    throw new Error(pullErrorMessage(error));
  } finally {
    clearTimeout(timer);
  }
}

function pullErrorMessage(error: unknown): string {
  const json = (error as { json?: { message?: string } }).json;
  const message = json?.message ?? (error instanceof Error ? error.message : String(error));
  return message.replace(/^\(HTTP code \d+\)\s*\S+ - /, "").trim();
}
