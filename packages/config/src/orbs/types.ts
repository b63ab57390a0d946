/**
 * How registry orbs (`ns/name@version`) reach the compiler. The compiler is pure, so it
 * asks an `OrbResolver` for the orb's YAML source. Cairn's chain, in order:
 *   1. the repository's own `.circleci/orbs/` directory,
 *   2. the server-wide orb cache directory,
 *   3. CircleCI's public registry, when the administrator enables it and it is reachable
 *      (what it returns is written to the cache directory).
 * The first two are synchronous file reads (`file-resolver.ts`); the registry is async
 * (`AsyncOrbResolver`, used through `compileConfigAsync`).
 */
export interface OrbReference {
  /** `circleci` */
  namespace: string;
  /** `node` */
  name: string;
  /** As written after `@` (pipeline parameters substituted): `5.0.1`, `5`, `5.1`, `volatile`, `dev:alpha`. */
  version: string;
}

export interface ResolvedOrb {
  /** The orb's YAML, as `circleci orb source` prints it. */
  source: string;
  /** Where it came from, for error positions: a file path or a URL. */
  file: string;
  /** The exact version used when the request was a range (`@5` → `5.2.0`). */
  version?: string;
}

export interface OrbResolver {
  /** The orb's source, or undefined when this resolver does not have it. */
  resolve(reference: OrbReference): ResolvedOrb | undefined;
  /** Where this resolver looks, one phrase per place, for "orb not found" messages. */
  describe(): string[];
}

export interface AsyncOrbResolver {
  resolve(reference: OrbReference): Promise<ResolvedOrb | undefined>;
  describe(): string[];
}

/**
 * CircleCI's public orb registry; `registry-client.ts` (`@cairn/config/orb-registry`) queries
 * `https://circleci.com/graphql-unstable` (`orbVersion(orbVersionRef: "ns/name@version") {
 * version, source }`) and must not be used in tests. Wrap it with the cache directory so
 * each version is fetched once (see `createCachingRegistryResolver` in file-resolver.ts).
 */
export interface OrbRegistryClient {
  fetchOrb(reference: OrbReference): Promise<ResolvedOrb | undefined>;
}

export function formatOrbReference(reference: OrbReference): string {
  return `${reference.namespace}/${reference.name}@${reference.version}`;
}
