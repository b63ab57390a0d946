import type { ScalarTag, Tags } from "yaml";

/**
 * The YAML 1.1 tags CircleCI's own parser (SnakeYAML) resolves, so that `on`, `yes`, `off`
 * are booleans and `0755` is octal, as they are for CircleCI. Two differences from the
 * `yaml` package's 1.1 schema bring it closer to SnakeYAML and to what authors expect:
 * single letters `y`/`n` stay strings, and timestamps and sexagesimal numbers (`1:20`) stay
 * strings (a date or a time never means anything in a config).
 */
export function circleTags(defaults: Tags): Tags {
  return defaults
    .filter((tag) => {
      const scalar = tag as ScalarTag;
      return scalar.tag !== "tag:yaml.org,2002:timestamp" && scalar.format !== "TIME";
    })
    .map((tag) => {
      const scalar = tag as ScalarTag;
      if (scalar.tag !== "tag:yaml.org,2002:bool" || !scalar.test) return tag;
      const test = scalar.test.test("yes")
        ? /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/
        : /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
      return { ...scalar, test };
    });
}
