import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Runs git for a test with a fixed identity, in trees owned by any user (extracted tars). */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    "git",
    [
      "-c",
      "user.name=Test",
      "-c",
      "user.email=test@example.com",
      "-c",
      "init.defaultBranch=main",
      "-c",
      "safe.directory=*",
      ...args,
    ],
    { cwd, encoding: "utf8" },
  ).trim();
}

/** Writes files in a work tree and commits them; returns the new commit's sha. */
export function commit(workTree: string, files: Record<string, string>, message: string): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(workTree, path)), { recursive: true });
    writeFileSync(join(workTree, path), content);
  }
  git(workTree, "add", "-A");
  git(workTree, "commit", "--quiet", "-m", message);
  return git(workTree, "rev-parse", "HEAD");
}
