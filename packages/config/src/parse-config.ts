import { type ConfigError, ErrorList } from "./errors.ts";
import { parseYaml } from "./parse/parse-yaml.ts";

export type ParseResult = { ok: true; value: unknown } | { ok: false; errors: ConfigError[] };

/**
 * Parses YAML the way the compiler does (YAML 1.1 scalars, merge keys, alias bombs and
 * deep nesting refused) without validating it as a config.
 */
export function parseConfig(source: string, options: { filename?: string } = {}): ParseResult {
  const errors = new ErrorList();
  const parsed = parseYaml(source, options.filename ?? ".circleci/config.yml", errors);
  if (errors.count > 0 || parsed.value === undefined) return { ok: false, errors: errors.sorted() };
  return { ok: true, value: parsed.value };
}
