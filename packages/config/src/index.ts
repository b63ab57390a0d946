/**
 * @cairn/config — parse, validate and compile `.circleci/config.yml` into a plan.
 * Pure: no file, network or environment access (the directory orb resolver is a separate
 * entry point, `@cairn/config/file-orb-resolver`).
 */
export { compileConfigAsync } from "./compile/compile-async.ts";
export {
  type CompileOptions,
  type CompileResult,
  compileConfig,
  DEFAULT_CONFIG_FILE,
} from "./compile/compile-config.ts";
export type { PipelineValues } from "./compile/pipeline-values.ts";
export { type ConfigError, formatConfigError } from "./errors.ts";
export { limits } from "./limits.ts";
export { chainAsyncOrbResolvers, chainOrbResolvers, inMemoryOrbResolver } from "./orbs/chain.ts";
export { parseOrbReference, pickOrbVersion } from "./orbs/reference.ts";
export type {
  AsyncOrbResolver,
  OrbReference,
  OrbRegistryClient,
  OrbResolver,
  ResolvedOrb,
} from "./orbs/types.ts";
export { parseConfig } from "./parse-config.ts";
export type * from "./plan/types.ts";
