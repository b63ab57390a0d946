/**
 * The environment layers of a job, each already resolved by the caller. CircleCI's precedence,
 * lowest first: project variables < context variables (later contexts win) < built-ins
 * (CIRCLE_*, CI, BASH_ENV…) < the primary image's `environment` < the job's `environment`.
 * A run step's `environment` is applied over these when the step runs, and an assignment
 * inline in the command (`FOO=1 cmd`) is the shell's own, over everything.
 */
export interface JobEnvironment {
  project?: Record<string, string>;
  /** One map per context, in the order the workflow lists them. */
  contexts?: Record<string, string>[];
  builtIns?: Record<string, string>;
  image?: Record<string, string>;
  job?: Record<string, string>;
}

export function mergeJobEnvironment(layers: JobEnvironment): Record<string, string> {
  return Object.assign(
    {},
    layers.project,
    ...(layers.contexts ?? []),
    layers.builtIns,
    layers.image,
    layers.job,
  );
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `["K=V", …]` for Docker; a name a shell could not use is refused with a clear message. */
export function toDockerEnv(environment: Record<string, string>): string[] {
  return Object.entries(environment).map(([name, value]) => {
    if (!NAME.test(name)) {
      throw new TypeError(`environment variable name ${JSON.stringify(name)} is not valid`);
    }
    return `${name}=${value}`;
  });
}
