import { join } from "node:path";
import { chainOrbResolvers, type OrbResolver } from "@cairn/config";
import { createDirectoryOrbResolver } from "@cairn/config/file-orb-resolver";

/**
 * Orbs for the CLI: the repository's `.circleci/orbs/` (next to the config), then the
 * server-wide cache directory when CAIRN_ORB_CACHE_DIR is set. The public registry is not
 * consulted by the CLI.
 */
export function cliOrbResolver(configFile: string): OrbResolver {
  const resolvers = [
    createDirectoryOrbResolver(join(configFile, "..", "orbs"), "the repository's .circleci/orbs/"),
  ];
  const cache = process.env.CAIRN_ORB_CACHE_DIR;
  if (cache) resolvers.push(createDirectoryOrbResolver(cache, `the orb cache ${cache}`));
  return chainOrbResolvers(...resolvers);
}
