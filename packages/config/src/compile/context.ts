import type { ErrorList } from "../errors.ts";
import type { OrbResolver } from "../orbs/types.ts";
import type { Scope } from "./scope.ts";

/** State shared by one compilation. Created per call: nothing survives between calls. */
export interface CompileContext {
  errors: ErrorList;
  /** The config's file name, for positions of synthesized values. */
  file: string;
  /** `pipeline.*` values and `pipeline.parameters.*`, by full reference. */
  pipeline: ReadonlyMap<string, unknown>;
  /** False for version 2.0 configs: no parameters, no `<< >>`, no orbs. */
  templating: boolean;
  orbResolver?: OrbResolver;
  /** Orbs loaded, by full reference (`ns/name@version`), shared when imported twice. */
  orbCache: Map<string, Scope | null>;
  /** alias path → resolved reference, reported in the plan. */
  orbsUsed: Record<string, string>;
  /** Steps handed over as `steps` arguments remember the scope they were written in. */
  stepScopes: WeakMap<object, Scope>;
}
