import { randomBytes } from "node:crypto";
import { access, chmod, mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { finished, type Readable } from "node:stream";
import tarFs from "tar-fs";
import { assertUsablePrivateKey } from "../deploy-keys.ts";
import { VcsError } from "../errors.ts";
import { type GitUrl, normalizeGitUrl } from "../git-url.ts";
import { assertValidRefName, buildCheckoutTree, type CheckoutOptions } from "./checkout-tree.ts";
import { withMirrorLock } from "./mirror-lock.ts";
import { runGit, runGitRaw } from "./run-git.ts";
import { withSshCommand } from "./ssh-command.ts";

export type { CheckoutOptions } from "./checkout-tree.ts";

export interface GitMirrorOptions {
  /** Cairn's data directory; the mirror lives in `<dataDir>/mirrors/<projectId>.git`. */
  dataDir: string;
  projectId: string;
  /** The project's repository URL (see normalizeGitUrl). */
  url: string;
  /** The project's deploy key (OpenSSH private key); required for ssh URLs, unused otherwise. */
  deployKey?: string;
  /** Upper bound for one fetch or checkout, waiting for the lock included (default 10 min). */
  timeoutMs?: number;
  /** Upper bound for the TCP connection to an ssh server (default 20 s). */
  connectTimeoutSeconds?: number;
}

export interface FetchResult {
  /** The mirror was cloned by this call (first fetch). */
  created: boolean;
  durationMs: number;
}

/** A local copy of a project's repository that jobs and webhooks read from. */
export interface RepositoryMirror {
  fetch(): Promise<FetchResult>;
  resolveRef(ref: string): Promise<string | null>;
  readFile(sha: string, path: string): Promise<string | null>;
  checkoutTar(sha: string, options?: CheckoutOptions): Promise<Readable>;
  remove(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const READ_TIMEOUT_MS = 60_000;
const MAX_FILE_BYTES = 4 * 1024 * 1024;
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * A bare mirror (`git clone --mirror`) per project on the worker's disk. Fetches of one
 * mirror are serialized; reads run any time (git's ref updates are atomic for readers).
 * Checkouts are built from the mirror, so the deploy key never leaves this process's
 * temporary key file.
 */
export class GitMirror implements RepositoryMirror {
  readonly path: string;
  private readonly location: GitUrl;
  private readonly knownHostsFile: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: GitMirrorOptions) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(options.projectId)) {
      throw new VcsError("invalid_argument", "A project id must be letters, digits, '_' or '-'.");
    }
    this.location = normalizeGitUrl(options.url);
    if (this.location.transport === "ssh") {
      if (options.deployKey === undefined) {
        throw new VcsError("invalid_key", "An ssh repository URL needs the project's deploy key.");
      }
      assertUsablePrivateKey(options.deployKey);
    }
    const mirrors = join(options.dataDir, "mirrors");
    this.path = join(mirrors, `${options.projectId}.git`);
    this.knownHostsFile = join(mirrors, `${options.projectId}.known_hosts`);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Clones the mirror the first time, then fetches (pruning deleted branches and tags). */
  fetch(): Promise<FetchResult> {
    const started = Date.now();
    return withMirrorLock(this.path, this.timeoutMs, async () => {
      const remaining = Math.max(1_000, this.timeoutMs - (Date.now() - started));
      const created = !(await exists(this.path));
      await this.withTransport(async (env) => {
        if (created) await this.cloneMirror(env, remaining);
        else await this.updateMirror(env, remaining);
      });
      return { created, durationMs: Date.now() - started };
    });
  }

  /** The commit a ref (`refs/heads/main`, `main`, `v1.0`, a sha) points to, or null. */
  async resolveRef(ref: string): Promise<string | null> {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
    if (ref === "" || ref.startsWith("-") || /[\s\x00-\x1f\x7f]/.test(ref)) {
      throw new VcsError("invalid_argument", `Invalid ref "${ref}".`);
    }
    await this.assertFetched();
    const result = await runGitRaw(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], {
      action: "Resolving a ref",
      cwd: this.path,
      timeoutMs: READ_TIMEOUT_MS,
    });
    return result.exitCode === 0 ? result.stdout.toString("utf8").trim() : null;
  }

  /** A file's text at a commit (e.g. `.circleci/config.yml`), or null when it is not there. */
  async readFile(sha: string, path: string): Promise<string | null> {
    assertSha(sha);
    const cleanPath = path.replace(/^\.\//, "");
    if (
      cleanPath === "" ||
      cleanPath.startsWith("/") ||
      cleanPath.includes("\0") ||
      cleanPath.split("/").some((part) => part === ".." || part === ".")
    ) {
      throw new VcsError(
        "invalid_argument",
        `Invalid path "${path}" (relative to the repository root).`,
      );
    }
    await this.assertCommit(sha);
    const read = (action: string, args: string[]) =>
      runGitRaw(args, {
        action,
        cwd: this.path,
        timeoutMs: READ_TIMEOUT_MS,
        maxOutputBytes: MAX_FILE_BYTES,
      });
    const type = await read("Reading a file", ["cat-file", "-t", `${sha}:${cleanPath}`]);
    if (type.exitCode !== 0) return null;
    if (type.stdout.toString("utf8").trim() !== "blob") {
      throw new VcsError(
        "invalid_argument",
        `"${path}" is a directory at ${sha.slice(0, 12)}, not a file.`,
      );
    }
    const blob = await read("Reading a file", ["cat-file", "blob", `${sha}:${cleanPath}`]);
    if (blob.exitCode !== 0) return null;
    return blob.stdout.toString("utf8");
  }

  /**
   * A tar stream of a working tree of `sha` with its `.git` (origin = the project URL
   * without credentials), ready for Docker's putArchive. Entries are relative (`./…`);
   * the temporary tree is removed once the stream ends or is destroyed.
   */
  async checkoutTar(sha: string, options: CheckoutOptions = {}): Promise<Readable> {
    assertSha(sha);
    if (options.depth !== undefined && (!Number.isInteger(options.depth) || options.depth < 1)) {
      throw new VcsError("invalid_argument", "depth must be a positive integer.");
    }
    if (options.branch !== undefined)
      await assertValidRefName("branch", options.branch, READ_TIMEOUT_MS);
    if (options.tag !== undefined) await assertValidRefName("tag", options.tag, READ_TIMEOUT_MS);
    await this.assertCommit(sha);

    const checkouts = join(this.options.dataDir, "checkouts");
    await mkdir(checkouts, { recursive: true });
    const dir = await mkdtemp(join(checkouts, `${this.options.projectId}-`));
    try {
      // The tar's root entry becomes the job's working directory: not mkdtemp's 0700.
      await chmod(dir, 0o755);
      await buildCheckoutTree(
        dir,
        sha,
        { mirrorPath: this.path, originUrl: this.location.safeUrl, timeoutMs: this.timeoutMs },
        options,
      );
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    const owner = options.owner;
    const tar = tarFs.pack(dir, {
      map: (header) => {
        header.name = header.name === "." ? "./" : `./${header.name}`;
        if (owner) {
          header.uid = owner.uid;
          header.gid = owner.gid;
        }
        return header;
      },
    });
    finished(tar, () => {
      void rm(dir, { recursive: true, force: true });
    });
    return tar;
  }

  /** Deletes the mirror and its recorded host key (the project was deleted). */
  remove(): Promise<void> {
    return withMirrorLock(this.path, this.timeoutMs, async () => {
      await rm(this.path, { recursive: true, force: true });
      await rm(this.knownHostsFile, { force: true });
    });
  }

  private async cloneMirror(env: Record<string, string>, timeoutMs: number): Promise<void> {
    // Cloned beside its final place and renamed, so readers never see half a mirror.
    const partial = `${this.path}.partial-${randomBytes(4).toString("hex")}`;
    await mkdir(join(this.path, ".."), { recursive: true });
    try {
      await runGit(["clone", "--mirror", "--quiet", "--", this.location.url, partial], {
        action: `Cloning ${this.location.safeUrl}`,
        env,
        timeoutMs,
      });
      // Checkouts fetch single commits by id from the mirror.
      await runGit(["config", "uploadpack.allowAnySHA1InWant", "true"], {
        action: "Configuring the mirror",
        cwd: partial,
        timeoutMs: READ_TIMEOUT_MS,
      });
      await rename(partial, this.path);
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  }

  private async updateMirror(env: Record<string, string>, timeoutMs: number): Promise<void> {
    // The project's URL may have been edited since the mirror was made.
    await runGit(["remote", "set-url", "origin", "--", this.location.url], {
      action: "Updating the mirror's URL",
      cwd: this.path,
      timeoutMs: READ_TIMEOUT_MS,
    });
    await runGit(["fetch", "--prune", "--quiet", "origin"], {
      action: `Fetching ${this.location.safeUrl}`,
      cwd: this.path,
      env,
      timeoutMs,
    });
  }

  private withTransport<T>(fn: (env: Record<string, string>) => Promise<T>): Promise<T> {
    if (this.location.transport !== "ssh") return fn({});
    return withSshCommand(
      {
        privateKey: this.options.deployKey ?? "",
        knownHostsFile: this.knownHostsFile,
        connectTimeoutSeconds: this.options.connectTimeoutSeconds ?? 20,
      },
      (sshCommand) => fn({ GIT_SSH_COMMAND: sshCommand }),
    );
  }

  private async assertFetched(): Promise<void> {
    if (!(await exists(this.path))) {
      throw new VcsError(
        "not_found",
        "The repository has not been fetched yet: call fetch() first.",
      );
    }
  }

  private async assertCommit(sha: string): Promise<void> {
    await this.assertFetched();
    const result = await runGitRaw(["cat-file", "-e", `${sha}^{commit}`], {
      action: "Looking up a commit",
      cwd: this.path,
      timeoutMs: READ_TIMEOUT_MS,
    });
    if (result.exitCode !== 0) {
      throw new VcsError(
        "not_found",
        `Commit ${sha} is not in the mirror: fetch first, or it is no longer in the repository.`,
      );
    }
  }
}

function assertSha(sha: string): void {
  if (!SHA.test(sha)) {
    throw new VcsError("invalid_argument", `"${sha}" is not a full lowercase hex commit id.`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
