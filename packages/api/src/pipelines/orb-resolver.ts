import type { AsyncOrbResolver, OrbReference, ResolvedOrb } from "@cairn/config";
import { createDirectoryOrbResolver } from "@cairn/config/file-orb-resolver";
import { createRegistryOrbResolver } from "@cairn/config/orb-registry";
import type { RepositoryMirror } from "@cairn/vcs";

/**
 * Registry orbs for a pipeline, looked up in CircleCI's order as far as Cairn goes: the
 * repository's own `.circleci/orbs/<namespace>/<name>@<version>.yml` at the commit (exact
 * versions), then the server-wide orb cache directory (which also picks ranges like `@5`),
 * then — when enabled — CircleCI's public registry, whose answers fill the cache directory.
 */
export function pipelineOrbResolver(
  mirror: RepositoryMirror,
  sha: string,
  orbCacheDir: string,
  registry?: { url?: string },
): AsyncOrbResolver {
  const cache = createDirectoryOrbResolver(
    orbCacheDir,
    `the server's orb directory (${orbCacheDir})`,
  );
  // One registry resolver per compilation: it remembers why the registry was unreachable.
  const remote = registry
    ? createRegistryOrbResolver({ ...registry, cacheDirectory: orbCacheDir })
    : undefined;
  return {
    async resolve(reference: OrbReference): Promise<ResolvedOrb | undefined> {
      for (const extension of ["yml", "yaml"]) {
        const file = `.circleci/orbs/${reference.namespace}/${reference.name}@${reference.version}.${extension}`;
        const source = await mirror.readFile(sha, file);
        if (source !== null) return { source, file };
      }
      return cache.resolve(reference) ?? (await remote?.resolve(reference));
    },
    describe: () => [
      "the repository's .circleci/orbs/ directory (e.g. .circleci/orbs/circleci/node@5.0.1.yml)",
      ...cache.describe(),
      ...(remote
        ? remote.describe()
        : ["CircleCI's public orb registry (not enabled: CAIRN_ORB_REGISTRY=on)"]),
    ],
  };
}
