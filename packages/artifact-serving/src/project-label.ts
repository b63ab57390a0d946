/** What a project subdomain names: a project by its slug, or by its id. */
export type ProjectLabel = { kind: "slug"; slug: string } | { kind: "id"; id: string };

const MAX_LABEL_LENGTH = 63;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// One slug segment as it may appear in a label: lowercase letters and digits, single
// hyphens inside. A `--` inside a segment would be read back as a separator.
const SEGMENT = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The DNS label of a project's artifact origin: its slug with `/` written as `--`
 * (`gh/acme/api` → `gh--acme--api`) when that is a valid, unambiguous label, else its id.
 * Hosts are case-insensitive, so a slug with capitals, dots or underscores uses the id.
 */
export function projectHostLabel(project: { id: string; slug: string }): string {
  const segments = project.slug.split("/");
  const label = segments.join("--");
  const fits =
    segments.length === 3 &&
    segments.every((segment) => SEGMENT.test(segment)) &&
    label.length <= MAX_LABEL_LENGTH &&
    !UUID.test(label);
  return fits ? label : project.id.toLowerCase();
}

/** Reads a label back; null when it cannot name a project. */
export function parseProjectLabel(label: string): ProjectLabel | null {
  const lower = label.toLowerCase();
  if (lower.length === 0 || lower.length > MAX_LABEL_LENGTH) return null;
  if (UUID.test(lower)) return { kind: "id", id: lower };
  const segments = lower.split("--");
  if (segments.length !== 3 || !segments.every((segment) => SEGMENT.test(segment))) return null;
  return { kind: "slug", slug: segments.join("/") };
}
