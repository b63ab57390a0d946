import { rm } from "node:fs/promises";
import { join } from "node:path";
import { VcsError } from "../errors.ts";
import { runGit } from "./run-git.ts";

export interface CheckoutOptions {
  /** Only the last N commits (a shallow repository); absent = full history. */
  depth?: number;
  /** Check out on this branch (tracking `origin/<branch>`); absent = detached HEAD. */
  branch?: string;
  /** Create this tag at the commit (the checkout stays detached, as for a tag build). */
  tag?: string;
  /** Owner of every file in the tar, e.g. the job image's user; default: as on disk. */
  owner?: { uid: number; gid: number };
}

interface TreeSource {
  mirrorPath: string;
  /** `origin` of the checkout: the project's URL without credentials. */
  originUrl: string;
  timeoutMs: number;
}

/**
 * Makes a real repository at `dir` with `sha` checked out, its objects copied from the
 * mirror (not borrowed: it must work once copied into a container). Nothing of the
 * worker's ssh settings or the mirror's location is left in it.
 */
export async function buildCheckoutTree(
  dir: string,
  sha: string,
  source: TreeSource,
  options: CheckoutOptions,
): Promise<void> {
  const git = (action: string, args: string[]) =>
    runGit(["-C", dir, ...args], { action, timeoutMs: source.timeoutMs });

  await runGit(
    ["-c", `init.defaultBranch=${options.branch ?? "main"}`, "init", "--quiet", "--template=", dir],
    { action: "Creating the checkout", timeoutMs: source.timeoutMs },
  );
  await git("Setting the origin remote", ["remote", "add", "origin", source.originUrl]);

  const target = options.branch
    ? `refs/remotes/origin/${options.branch}`
    : options.tag
      ? `refs/tags/${options.tag}`
      : undefined;
  const refspec = target ? `${sha}:${target}` : sha;
  const depth = options.depth === undefined ? [] : [`--depth=${options.depth}`];
  // No reflog: its entries would name the mirror's path on the worker.
  await git("Copying the commit from the mirror", [
    "-c",
    "core.logAllRefUpdates=false",
    "fetch",
    "--quiet",
    "--no-tags",
    ...depth,
    source.mirrorPath,
    refspec,
  ]);

  if (options.branch) {
    await git("Checking out the commit", ["checkout", "--quiet", "-B", options.branch, sha]);
    await git("Setting the upstream branch", [
      "branch",
      "--quiet",
      `--set-upstream-to=origin/${options.branch}`,
      options.branch,
    ]);
  } else {
    await git("Checking out the commit", ["checkout", "--quiet", "--detach", sha]);
  }
  await rm(join(dir, ".git", "FETCH_HEAD"), { force: true });
}

/** Rejects branch and tag names git would not accept (and so anything option-like). */
export async function assertValidRefName(
  kind: "branch" | "tag",
  name: string,
  timeoutMs: number,
): Promise<void> {
  const args =
    kind === "branch"
      ? ["check-ref-format", "--branch", name]
      : ["check-ref-format", `refs/tags/${name}`];
  if (name.startsWith("-") || name === "") {
    throw new VcsError("invalid_argument", `Invalid ${kind} name "${name}".`);
  }
  try {
    await runGit(args, { action: `Checking the ${kind} name`, timeoutMs });
  } catch {
    throw new VcsError("invalid_argument", `Invalid ${kind} name "${name}".`);
  }
}
