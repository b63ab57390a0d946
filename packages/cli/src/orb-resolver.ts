import { homedir } from "node:os";
import { join } from "node:path";
import {
  type AsyncOrbResolver,
  chainAsyncOrbResolvers,
  chainOrbResolvers,
  type OrbResolver,
} from "@cairn/config";
import { createDirectoryOrbResolver } from "@cairn/config/file-orb-resolver";
import { createRegistryOrbResolver } from "@cairn/config/orb-registry";

/** The environment variables the CLI's orb lookup reads. */
export interface OrbEnvironment {
  /** Server-wide orb cache directory; also where registry orbs are kept. */
  CAIRN_ORB_CACHE_DIR?: string | undefined;
  /** `on` lets the CLI ask CircleCI's public orb registry; default off. */
  CAIRN_ORB_REGISTRY?: string | undefined;
  /** Another GraphQL endpoint (a mirror, or a test stand-in). */
  CAIRN_ORB_REGISTRY_URL?: string | undefined;
  XDG_CACHE_HOME?: string | undefined;
}

/** A setting the CLI cannot use; the message names the variable and is safe to print. */
export class OrbSettingsError extends Error {}

/**
 * Orbs for the CLI: the repository's `.circleci/orbs/` (next to the config), then the
 * orb cache directory (CAIRN_ORB_CACHE_DIR) when set, then — with CAIRN_ORB_REGISTRY=on —
 * CircleCI's public registry, whose answers are kept in the cache directory (the per-user
 * cache when CAIRN_ORB_CACHE_DIR is unset) so each version is fetched once.
 */
export function cliOrbResolver(
  configFile: string,
  env: OrbEnvironment,
  onWarning: (message: string) => void,
): AsyncOrbResolver {
  const local: OrbResolver[] = [
    createDirectoryOrbResolver(join(configFile, "..", "orbs"), "the repository's .circleci/orbs/"),
  ];
  const cache = env.CAIRN_ORB_CACHE_DIR;
  if (cache) local.push(createDirectoryOrbResolver(cache, `the orb cache ${cache}`));
  if (!registryEnabled(env.CAIRN_ORB_REGISTRY))
    return chainAsyncOrbResolvers(chainOrbResolvers(...local));

  const cacheDirectory =
    cache || join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "cairn", "orbs");
  if (!cache)
    local.push(createDirectoryOrbResolver(cacheDirectory, `the orb cache ${cacheDirectory}`));
  let registry: AsyncOrbResolver;
  try {
    registry = createRegistryOrbResolver({
      cacheDirectory,
      onWarning,
      ...(env.CAIRN_ORB_REGISTRY_URL ? { url: env.CAIRN_ORB_REGISTRY_URL } : {}),
    });
  } catch (error) {
    throw new OrbSettingsError(`CAIRN_ORB_REGISTRY_URL: ${(error as Error).message}`);
  }
  return chainAsyncOrbResolvers(chainOrbResolvers(...local), registry);
}

/** Parsed explicitly: a typo must not silently turn the registry on (or off). */
function registryEnabled(value: string | undefined): boolean {
  const flag = value?.trim().toLowerCase() ?? "";
  if (["", "off", "false", "0", "no"].includes(flag)) return false;
  if (["on", "true", "1", "yes"].includes(flag)) return true;
  throw new OrbSettingsError("CAIRN_ORB_REGISTRY must be on or off");
}
