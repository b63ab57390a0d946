/**
 * I/O lives here, apart from the pure compiler: orb resolvers that read directories
 * (node:fs). Imported as `@cairn/config/file-orb-resolver` by the CLI and the server.
 *
 * Layout of an orb directory (the repository's `.circleci/orbs/`, or the server's cache):
 *   <dir>/<namespace>/<name>@<version>.yml   e.g. circleci/node@5.0.1.yml
 * `@5` and `@5.0` pick the highest matching release present; `@volatile` the highest.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pickOrbVersion } from "./reference.ts";
import type {
  AsyncOrbResolver,
  OrbReference,
  OrbRegistryClient,
  OrbResolver,
  ResolvedOrb,
} from "./types.ts";

const EXTENSIONS = [".yml", ".yaml"];

export function createDirectoryOrbResolver(directory: string, label = directory): OrbResolver {
  return {
    resolve: (reference) => readOrb(directory, reference),
    describe: () => [label],
  };
}

function readOrb(directory: string, reference: OrbReference): ResolvedOrb | undefined {
  const folder = join(directory, reference.namespace);
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return undefined; // no such directory: this resolver simply does not have it
  }
  const prefix = `${reference.name}@`;
  const versions = new Map<string, string>();
  for (const entry of entries) {
    const extension = EXTENSIONS.find((e) => entry.endsWith(e));
    if (!extension || !entry.startsWith(prefix)) continue;
    versions.set(entry.slice(prefix.length, -extension.length), entry);
  }
  const version = pickOrbVersion(reference.version, [...versions.keys()]);
  if (version === undefined) return undefined;
  const file = join(folder, versions.get(version)!);
  try {
    return { source: readFileSync(file, "utf8"), file, version };
  } catch {
    return undefined;
  }
}

/**
 * The public registry behind the server's cache directory: what the registry returns is
 * written to the cache (atomically) so each orb version is fetched once. Only exact
 * versions are cached under their own name; ranges (`@5`) are cached under the exact
 * version the registry reports.
 */
export function createCachingRegistryResolver(
  registry: OrbRegistryClient,
  cacheDirectory: string,
): AsyncOrbResolver {
  return {
    resolve: async (reference) => {
      let fetched: ResolvedOrb | undefined;
      try {
        fetched = await registry.fetchOrb(reference);
      } catch {
        return undefined; // unreachable registry: report "not found" with the places tried
      }
      if (!fetched) return undefined;
      const version = fetched.version ?? reference.version;
      if (/^\d+\.\d+\.\d+$/.test(version)) {
        const folder = join(cacheDirectory, reference.namespace);
        const target = join(folder, `${reference.name}@${version}.yml`);
        try {
          mkdirSync(folder, { recursive: true });
          writeFileSync(`${target}.tmp`, fetched.source);
          renameSync(`${target}.tmp`, target);
        } catch {
          // A read-only cache still lets this compilation use the orb.
        }
      }
      return fetched;
    },
    describe: () => ["CircleCI's public orb registry"],
  };
}
