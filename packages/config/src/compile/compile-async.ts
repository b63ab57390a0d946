import {
  type AsyncOrbResolver,
  formatOrbReference,
  type OrbReference,
  type OrbResolver,
  type ResolvedOrb,
} from "../orbs/types.ts";
import { type CompileOptions, type CompileResult, compileConfig } from "./compile-config.ts";

/** Orbs within orbs within orbs: more rounds than this means something is wrong. */
const MAX_ROUNDS = 16;

/**
 * `compileConfig` for resolvers that need async I/O (the public registry). Compiles,
 * notes which orbs were missing, fetches them, and compiles again until nothing new is
 * missing (nested orbs are discovered round by round). The compiler itself stays sync.
 */
export async function compileConfigAsync(
  source: string,
  options: Omit<CompileOptions, "orbResolver"> & { orbResolver: AsyncOrbResolver },
): Promise<CompileResult> {
  const fetched = new Map<string, ResolvedOrb | undefined>();
  const { orbResolver, ...rest } = options;
  for (let round = 0; ; round++) {
    const missing = new Map<string, OrbReference>();
    const recording: OrbResolver = {
      resolve(reference) {
        const key = formatOrbReference(reference);
        if (fetched.has(key)) return fetched.get(key);
        missing.set(key, reference);
        return undefined;
      },
      describe: () => orbResolver.describe(),
    };
    const result = compileConfig(source, { ...rest, orbResolver: recording });
    if (missing.size === 0 || round >= MAX_ROUNDS) return result;
    await Promise.all(
      [...missing].map(async ([key, reference]) => {
        fetched.set(key, await orbResolver.resolve(reference));
      }),
    );
  }
}
