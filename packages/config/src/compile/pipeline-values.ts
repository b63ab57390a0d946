import { didYouMean, type ErrorList } from "../errors.ts";
import type { SourcePosition } from "../parse/locations.ts";
import type { Cursor } from "../validate/cursor.ts";
import { argumentProblem, checkParameterDefinitions } from "../validate/parameters.ts";
import { isMap } from "../values.ts";

/**
 * Pipeline values a caller knows about the pipeline (all optional). They fill
 * `<< pipeline.* >>`; absent ones take neutral defaults ("" or 1) so configs compile
 * before a pipeline exists (e.g. `cairn config process`).
 */
export interface PipelineValues {
  id?: string;
  number?: number;
  project?: { git_url?: string; type?: string; slug?: string; name?: string };
  git?: {
    branch?: string;
    tag?: string;
    revision?: string;
    base_revision?: string;
    commit?: { subject?: string; body?: string; author_name?: string; author_email?: string };
  };
  /** `webhook`, `api`, `scheduled_pipeline`, … */
  trigger_source?: string;
  schedule?: { name?: string; id?: string };
  /** Free-form values from the trigger, under `pipeline.trigger_parameters.*`. */
  trigger_parameters?: Record<string, unknown>;
  event?: { name?: string; action?: string };
}

/** Builds the `pipeline.*` lookup table, pipeline parameters included (checked and typed). */
export function pipelineLookup(
  errors: ErrorList,
  parametersAt: Cursor,
  given: Record<string, unknown>,
  values: PipelineValues,
  branch: string | undefined,
  tag: string | undefined,
  origin: SourcePosition,
): Map<string, unknown> {
  const table = new Map<string, unknown>();
  const defaults: PipelineValues = {
    id: "00000000-0000-0000-0000-000000000000",
    number: 1,
    project: { git_url: "", type: "", slug: "", name: "" },
    git: {
      branch: "",
      tag: "",
      revision: "",
      base_revision: "",
      commit: { subject: "", body: "", author_name: "", author_email: "" },
    },
    trigger_source: "webhook",
    schedule: { name: "", id: "" },
    event: { name: "", action: "" },
  };
  flatten(table, "pipeline", defaults);
  flatten(table, "pipeline", values);
  if (branch !== undefined) table.set("pipeline.git.branch", branch);
  if (tag !== undefined) table.set("pipeline.git.tag", tag);

  const definitions = checkParameterDefinitions(errors, parametersAt, "pipeline");
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(definitions, name)) {
      errors.add(
        origin,
        `parameters.${name}`,
        `unknown pipeline parameter '${name}'${didYouMean(name, Object.keys(definitions))}; the config does not declare it`,
      );
    }
  }
  for (const [name, definition] of Object.entries(definitions)) {
    let value = Object.hasOwn(given, name)
      ? coerce(definition.type, given[name])
      : definition.default;
    const problem = argumentProblem(definition, value, false);
    if (problem) {
      errors.add(origin, `parameters.${name}`, `pipeline parameter '${name}': ${problem}`);
      value = definition.default;
    }
    table.set(`pipeline.parameters.${name}`, value);
  }
  return table;
}

/** Values from the command line or an API arrive as text; read them as the declared type. */
function coerce(type: string, value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  if (type === "integer" && /^-?\d+$/.test(value)) return Number(value);
  return value;
}

function flatten(table: Map<string, unknown>, prefix: string, value: unknown): void {
  if (isMap(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(table, `${prefix}.${key}`, inner);
    return;
  }
  if (value !== undefined) table.set(prefix, value);
}
