import { spawn } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDeployKey } from "../deploy-keys.ts";
import { VcsError } from "../errors.ts";
import { commit, git } from "../testing/git-repo.ts";
import { type SshGitServer, startSshGitServer } from "../testing/ssh-git-server.ts";
import { GitMirror } from "./git-mirror.ts";

const root = mkdtempSync(join(tmpdir(), "cairn-vcs-mirror-"));
const dataDir = join(root, "data");
const originPath = join(root, "origin.git");
const workTree = join(root, "work");
const deployKey = generateDeployKey("cairn test project");
const strangerKey = generateDeployKey("not the deploy key");
let server: SshGitServer;
let originUrl: string;
const shas: Record<"first" | "second" | "third", string> = { first: "", second: "", third: "" };

beforeAll(async () => {
  git(root, "init", "--quiet", "--bare", originPath);
  git(root, "init", "--quiet", workTree);
  mkdirSync(join(workTree, "bin"));
  writeFileSync(join(workTree, "bin/run.sh"), "#!/bin/sh\necho hi\n", { mode: 0o755 });
  shas.first = commit(
    workTree,
    { ".circleci/config.yml": "version: 2.1\n# first\n", "README.md": "hello\n" },
    "first",
  );
  git(workTree, "tag", "-a", "v1.0", "-m", "release");
  git(workTree, "branch", "feature");
  shas.second = commit(workTree, { ".circleci/config.yml": "version: 2.1\n# second\n" }, "second");
  git(workTree, "push", "--quiet", originPath, "main", "feature", "v1.0");
  server = await startSshGitServer([deployKey.publicKey]);
  originUrl = server.urlFor(originPath);
});

afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

function mirrorOf(
  projectId: string,
  overrides: Partial<ConstructorParameters<typeof GitMirror>[0]> = {},
) {
  return new GitMirror({
    dataDir,
    projectId,
    url: originUrl,
    deployKey: deployKey.privateKey,
    ...overrides,
  });
}

async function rejection(promise: Promise<unknown>): Promise<VcsError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(VcsError);
  return error as VcsError;
}

function extractTar(stream: Readable, dest: string): Promise<void> {
  mkdirSync(dest, { recursive: true });
  return new Promise((resolve, reject) => {
    const tar = spawn("tar", ["-x", "-C", dest], { stdio: ["pipe", "ignore", "inherit"] });
    stream.pipe(tar.stdin);
    tar.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`tar exited with ${code}`)),
    );
  });
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function sshKeyDirs(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith("cairn-ssh-"));
}

describe("GitMirror over ssh", () => {
  const mirror = () => mirrorOf("project-ssh");

  it("clones a mirror with the deploy key, then fetches new commits and prunes deleted refs", async () => {
    const keyDirsBefore = sshKeyDirs().length;
    const first = await mirror().fetch();
    expect(first.created).toBe(true);
    expect(await mirror().resolveRef("refs/heads/main")).toBe(shas.second);
    expect(await mirror().resolveRef("feature")).toBe(shas.first);
    expect(await mirror().resolveRef("v1.0")).toBe(shas.first);
    expect(await mirror().resolveRef("refs/heads/nope")).toBeNull();
    expect(readFileSync(join(dataDir, "mirrors", "project-ssh.known_hosts"), "utf8")).toMatch(
      /ssh-ed25519 AAAA/,
    );

    shas.third = commit(workTree, { "src/app.txt": "third\n" }, "third");
    git(workTree, "push", "--quiet", originPath, "main");
    git(originPath, "branch", "-D", "feature");
    const second = await mirror().fetch();
    expect(second.created).toBe(false);
    expect(await mirror().resolveRef("main")).toBe(shas.third);
    expect(await mirror().resolveRef("refs/heads/feature")).toBeNull();
    // The temporary key files are gone.
    expect(sshKeyDirs().length).toBe(keyDirsBefore);
  });

  it("reads a file at a given commit, null when absent", async () => {
    expect(await mirror().readFile(shas.first, ".circleci/config.yml")).toBe(
      "version: 2.1\n# first\n",
    );
    expect(await mirror().readFile(shas.third, "./.circleci/config.yml")).toBe(
      "version: 2.1\n# second\n",
    );
    expect(await mirror().readFile(shas.first, "src/app.txt")).toBeNull();
    expect((await rejection(mirror().readFile(shas.first, ".circleci"))).message).toMatch(
      /is a directory/,
    );
    expect((await rejection(mirror().readFile(shas.first, "../etc/passwd"))).code).toBe(
      "invalid_argument",
    );
    const unknown = await rejection(mirror().readFile("f".repeat(40), ".circleci/config.yml"));
    expect(unknown.code).toBe("not_found");
  });

  it("makes a tar of a real checkout on a branch, with history and no key material", async () => {
    const dest = join(root, "checkout-branch");
    await extractTar(await mirror().checkoutTar(shas.third, { branch: "main" }), dest);

    expect(readFileSync(join(dest, "src/app.txt"), "utf8")).toBe("third\n");
    expect(statSync(dest).mode & 0o777).toBe(0o755);
    expect(statSync(join(dest, "bin/run.sh")).mode & 0o111).not.toBe(0);
    expect(git(dest, "log", "--format=%H").split("\n")).toEqual([
      shas.third,
      shas.second,
      shas.first,
    ]);
    expect(git(dest, "status", "--porcelain")).toBe("");
    expect(git(dest, "rev-parse", "HEAD")).toBe(shas.third);
    expect(git(dest, "symbolic-ref", "--short", "HEAD")).toBe("main");
    expect(git(dest, "rev-parse", "@{upstream}")).toBe(shas.third);
    expect(git(dest, "remote", "get-url", "origin")).toBe(originUrl);

    const keyBody = deployKey.privateKey.split("\n")[1] ?? "missing";
    for (const file of allFiles(dest)) {
      const content = readFileSync(file, "latin1");
      expect(content, file).not.toContain("PRIVATE KEY");
      expect(content, file).not.toContain(keyBody);
      expect(content, file).not.toContain(dataDir);
    }
    expect(allFiles(dest).some((file) => /known_hosts|deploy_key/.test(file))).toBe(false);
    // The temporary tree is gone once the stream has been read.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readdirSync(join(dataDir, "checkouts"))).toEqual([]);
  });

  it("makes a shallow, detached tag checkout owned by the given user", async () => {
    const dest = join(root, "checkout-tag");
    const tar = await mirror().checkoutTar(shas.first, {
      depth: 1,
      tag: "v1.0",
      owner: { uid: 1234, gid: 2345 },
    });
    await extractTar(tar, dest);
    expect(git(dest, "rev-list", "--count", "HEAD")).toBe("1");
    expect(git(dest, "rev-parse", "HEAD")).toBe(shas.first);
    expect(git(dest, "rev-parse", "v1.0^{commit}")).toBe(shas.first);
    expect(git(dest, "status", "--porcelain")).toBe("");
    expect(readFileSync(join(dest, ".circleci/config.yml"), "utf8")).toBe(
      "version: 2.1\n# first\n",
    );
    expect(statSync(join(dest, "README.md")).uid).toBe(1234);
    expect(statSync(join(dest, ".git", "HEAD")).gid).toBe(2345);
  });

  it("rejects bad checkout arguments before doing anything", async () => {
    expect((await rejection(mirror().checkoutTar("HEAD"))).code).toBe("invalid_argument");
    expect((await rejection(mirror().checkoutTar(shas.first, { branch: "-x" }))).code).toBe(
      "invalid_argument",
    );
    expect((await rejection(mirror().checkoutTar(shas.first, { branch: "a..b" }))).code).toBe(
      "invalid_argument",
    );
    expect((await rejection(mirror().checkoutTar(shas.first, { depth: 0 }))).code).toBe(
      "invalid_argument",
    );
  });

  it("serializes two fetches of the same project: exactly one clones", async () => {
    const results = await Promise.all([
      mirrorOf("project-race").fetch(),
      mirrorOf("project-race").fetch(),
    ]);
    expect(results.map((result) => result.created).sort()).toEqual([false, true]);
    expect(await mirrorOf("project-race").resolveRef("main")).toBe(shas.third);
  });

  it("says clearly when the server refuses the key, and leaves no mirror behind", async () => {
    const error = await rejection(
      mirrorOf("project-wrong-key", { deployKey: strangerKey.privateKey }).fetch(),
    );
    expect(error.code).toBe("auth_failed");
    expect(error.message).toMatch(/refused the project's deploy key/);
    expect(error.message).not.toContain("PRIVATE KEY");
    expect(
      readdirSync(join(dataDir, "mirrors")).filter((name) => /^project-wrong-key\.git/.test(name)),
    ).toEqual([]);
  });

  it("needs a usable deploy key for ssh URLs", () => {
    expect(() => mirrorOf("p", { deployKey: undefined })).toThrow(/needs the project's deploy key/);
    expect(() => mirrorOf("p", { deployKey: "nonsense" })).toThrow(/not a usable/);
    expect(() => mirrorOf("../escape")).toThrow(/project id/);
  });

  it("gives up on a server that never answers, within the time bound", async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      const error = await rejection(
        mirrorOf("project-silent", {
          url: `ssh://root@127.0.0.1:${port}/repo.git`,
          timeoutMs: 1_500,
        }).fetch(),
      );
      expect(error.code).toBe("timeout");
      expect(Date.now() - started).toBeLessThan(6_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

describe("GitMirror on a local path", () => {
  it("mirrors without ssh or key and reads from it", async () => {
    const mirror = new GitMirror({ dataDir, projectId: "project-local", url: originPath });
    expect((await mirror.fetch()).created).toBe(true);
    expect(await mirror.resolveRef("main")).toBe(shas.third);
    expect(await mirror.readFile(shas.second, ".circleci/config.yml")).toBe(
      "version: 2.1\n# second\n",
    );
    await mirror.remove();
    expect((await rejection(mirror.resolveRef("main"))).message).toMatch(/not been fetched/);
  });

  it("reports a missing repository clearly", async () => {
    const error = await rejection(
      new GitMirror({
        dataDir,
        projectId: "project-missing",
        url: join(root, "nowhere.git"),
      }).fetch(),
    );
    expect(error.code).toBe("not_found");
    expect(error.message).toMatch(/not found/);
  });
});
