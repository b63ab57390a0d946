import type { AsyncOrbResolver, OrbResolver } from "./types.ts";

/** Tries resolvers in order; the first that has the orb wins. */
export function chainOrbResolvers(...resolvers: OrbResolver[]): OrbResolver {
  return {
    resolve: (reference) => {
      for (const resolver of resolvers) {
        const found = resolver.resolve(reference);
        if (found) return found;
      }
      return undefined;
    },
    describe: () => resolvers.flatMap((r) => r.describe()),
  };
}

/** Sync resolvers first (local directories), then async ones (the registry). */
export function chainAsyncOrbResolvers(
  local: OrbResolver,
  ...remote: AsyncOrbResolver[]
): AsyncOrbResolver {
  return {
    resolve: async (reference) => {
      const found = local.resolve(reference);
      if (found) return found;
      for (const resolver of remote) {
        const fetched = await resolver.resolve(reference);
        if (fetched) return fetched;
      }
      return undefined;
    },
    describe: () => [...local.describe(), ...remote.flatMap((r) => r.describe())],
  };
}

/** Resolves from an in-memory table `ns/name@version` → YAML (tests, pre-fetched orbs). */
export function inMemoryOrbResolver(
  orbs: Record<string, string>,
  label = "orbs given to the compiler",
): OrbResolver {
  return {
    resolve: (reference) => {
      const key = `${reference.namespace}/${reference.name}@${reference.version}`;
      const source = orbs[key];
      return source === undefined ? undefined : { source, file: `${label}: ${key}` };
    },
    describe: () => [label],
  };
}
