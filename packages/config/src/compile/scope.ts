import type { Cursor } from "../validate/cursor.ts";

export type DefinitionKind = "commands" | "jobs" | "executors";

/**
 * The names visible from one place: the config's own commands/jobs/executors, or an
 * orb's. Orbs imported by the config (or by an orb) are reached as `alias/name`; inside an
 * orb its own definitions are reached without prefix — CircleCI's orb naming rules.
 */
export class Scope {
  readonly orbs = new Map<string, Scope>();
  /** Aliases of orbs that could not be loaded (already reported): names under them stay quiet. */
  readonly unavailableOrbs = new Set<string>();

  constructor(
    /** "" for the config, else the orb's alias path, e.g. `node` or `node/inner`. */
    readonly prefix: string,
    readonly definitions: Record<DefinitionKind, Map<string, Cursor>>,
  ) {}

  static empty(prefix: string): Scope {
    return new Scope(prefix, { commands: new Map(), jobs: new Map(), executors: new Map() });
  }

  lookup(kind: DefinitionKind, name: string): Resolved | undefined {
    // Own names first: a processed (2.0) config has jobs literally named `orb/job`.
    const definition = this.definitions[kind].get(name);
    if (definition) return { definition, scope: this, qualifiedName: this.qualify(name) };
    const slash = name.indexOf("/");
    if (slash < 0) return undefined;
    const orb = this.orbs.get(name.slice(0, slash));
    return orb?.lookup(kind, name.slice(slash + 1));
  }

  /** Whether `name` is under an orb that failed to load (its error is already reported). */
  isUnavailable(name: string): boolean {
    const slash = name.indexOf("/");
    return slash > 0 && this.unavailableOrbs.has(name.slice(0, slash));
  }

  /** Every name reachable from here (for "did you mean" suggestions). */
  names(kind: DefinitionKind): string[] {
    const names = [...this.definitions[kind].keys()];
    for (const [alias, orb] of this.orbs) {
      for (const name of orb.definitions[kind].keys()) names.push(`${alias}/${name}`);
    }
    return names;
  }

  private qualify(name: string): string {
    return this.prefix ? `${this.prefix}/${name}` : name;
  }
}

export interface Resolved {
  definition: Cursor;
  /** The scope the definition lives in: names inside it resolve there. */
  scope: Scope;
  /** `node/install` for an orb's command, `build` for the config's own. */
  qualifiedName: string;
}
