import { posix } from "node:path";
import type { CheckoutStep } from "@cairn/config";
import type { JobSandbox } from "@cairn/executor";
import type { RepositoryMirror } from "@cairn/vcs";

/**
 * `checkout`: the worker fetches the project's mirror (with the deploy key, which stays on
 * the worker) and copies a working tree with its `.git` into the container.
 */
export async function runCheckout(
  sandbox: JobSandbox,
  mirror: RepositoryMirror,
  step: CheckoutStep,
  place: { home: string; sha: string; branch: string | null; tag: string | null },
  log: (line: string) => void,
): Promise<void> {
  const target = absolutePath(
    step.path ?? sandbox.workingDirectory,
    place.home,
    sandbox.workingDirectory,
  );
  const fetched = await mirror.fetch();
  log(
    `${fetched.created ? "Cloned" : "Fetched"} the repository in ${(fetched.durationMs / 1000).toFixed(1)} s`,
  );
  const tar = await mirror.checkoutTar(place.sha, {
    ...(place.branch ? { branch: place.branch } : {}),
    ...(place.tag ? { tag: place.tag } : {}),
  });
  await makeDirectory(sandbox, target);
  await sandbox.copyIn(target, tar);
  log(
    `Checked out ${place.sha.slice(0, 12)}${place.branch ? ` on ${place.branch}` : ""} into ${target}`,
  );
}

/** `~` is the container user's home; relative paths are under the working directory. */
export function absolutePath(path: string, home: string, workingDirectory: string): string {
  const expand = (p: string) =>
    p === "~" ? home : p.startsWith("~/") ? posix.join(home, p.slice(2)) : p;
  const expanded = expand(path);
  return posix.isAbsolute(expanded)
    ? posix.normalize(expanded)
    : posix.resolve(expand(workingDirectory), expanded);
}

async function makeDirectory(sandbox: JobSandbox, path: string) {
  const quoted = `'${path.replaceAll("'", `'\\''`)}'`;
  const result = await sandbox.runStep(
    {
      command: `mkdir -p ${quoted}`,
      shell: "/bin/sh -e",
      environment: {},
      background: false,
      noOutputTimeoutMs: 60_000,
    },
    { onOutput: () => {} },
  );
  if (result.exitCode !== 0) throw new Error(`cannot create the checkout directory ${path}`);
}
