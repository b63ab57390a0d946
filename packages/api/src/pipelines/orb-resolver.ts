import type { AsyncOrbResolver, OrbReference, ResolvedOrb } from "@cairn/config";
import { createDirectoryOrbResolver } from "@cairn/config/file-orb-resolver";
import type { RepositoryMirror } from "@cairn/vcs";

/**
 * Registry orbs for a pipeline, looked up in CircleCI's order as far as Cairn goes: the
 * repository's own `.circleci/orbs/<namespace>/<name>@<version>.yml` at the commit (exact
 * versions), then the server-wide orb cache directory (which also picks ranges like `@5`).
 */
export function pipelineOrbResolver(
  mirror: RepositoryMirror,
  sha: string,
  orbCacheDir: string,
): AsyncOrbResolver {
  const cache = createDirectoryOrbResolver(
    orbCacheDir,
    `the server's orb directory (${orbCacheDir})`,
  );
  return {
    async resolve(reference: OrbReference): Promise<ResolvedOrb | undefined> {
      for (const extension of ["yml", "yaml"]) {
        const file = `.circleci/orbs/${reference.namespace}/${reference.name}@${reference.version}.${extension}`;
        const source = await mirror.readFile(sha, file);
        if (source !== null) return { source, file };
      }
      return cache.resolve(reference);
    },
    describe: () => [
      "the repository's .circleci/orbs/ directory (e.g. .circleci/orbs/circleci/node@5.0.1.yml)",
      ...cache.describe(),
    ],
  };
}
