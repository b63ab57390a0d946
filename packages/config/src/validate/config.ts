import type { ErrorList } from "../errors.ts";
import { describeType, isMap } from "../values.ts";
import { type Cursor, child, report } from "./cursor.ts";

export type ConfigVersion = "2.0" | "2.1";

/** Sections that exist only in 2.1. */
const V21_SECTIONS = ["orbs", "commands", "executors", "parameters"];

/**
 * Checks what sits at the top of the config. Keys other than CircleCI's are allowed and
 * ignored, as CircleCI does: real configs keep anchors under `aliases:`, `references:`,
 * `.defaults:` or any other name. Returns the version, or undefined when unusable.
 */
export function checkTopLevel(errors: ErrorList, root: Cursor): ConfigVersion | undefined {
  if (root.value === null || root.value === undefined) {
    report(errors, root, "the config is empty; it needs at least 'version' and 'jobs'");
    return undefined;
  }
  if (!isMap(root.value)) {
    report(
      errors,
      root,
      `the config must be a map of sections (version, jobs, workflows, …), not ${describeType(root.value)}`,
    );
    return undefined;
  }
  const versionAt = child(root, "version");
  const raw = versionAt.value;
  const text = typeof raw === "number" || typeof raw === "string" ? String(raw).trim() : undefined;
  let version: ConfigVersion | undefined;
  if (raw === undefined) report(errors, root, "the config needs 'version: 2.1'");
  else if (text === "2" || text === "2.0") version = "2.0";
  else if (text === "2.1") version = "2.1";
  else {
    report(
      errors,
      versionAt,
      `unsupported version ${JSON.stringify(raw)}; Cairn reads CircleCI config 2.0 and 2.1`,
    );
  }
  if (version === "2.0") {
    for (const section of V21_SECTIONS) {
      if (root.value[section] !== undefined) {
        report(
          errors,
          child(root, section),
          `'${section}' needs 'version: 2.1' (this config says 2.0)`,
        );
      }
    }
  }
  const setup = child(root, "setup");
  if (setup.value !== undefined && typeof setup.value !== "boolean") {
    report(errors, setup, `'setup' must be true or false, not ${describeType(setup.value)}`);
  }
  for (const section of ["jobs", "commands", "executors", "workflows", "parameters", "orbs"]) {
    const at = child(root, section);
    if (at.value !== undefined && at.value !== null && !isMap(at.value)) {
      report(errors, at, `'${section}' must be a map, not ${describeType(at.value)}`);
    }
  }
  return version;
}
