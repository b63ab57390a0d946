import type { OrbReference } from "./types.ts";

const ORB_REFERENCE = /^([a-z0-9][a-z0-9_-]*)\/([a-z0-9][a-z0-9_-]*)@(\S+)$/i;

/** `circleci/node@5.0.1` → its parts, or undefined when it is not an orb reference. */
export function parseOrbReference(text: string): OrbReference | undefined {
  const match = ORB_REFERENCE.exec(text.trim());
  if (!match) return undefined;
  return { namespace: match[1]!, name: match[2]!, version: match[3]! };
}

/**
 * Picks the version a request means among those available: `5.0.1` exactly; `5` or `5.1`
 * the highest release with that prefix; `volatile` the highest of all. Dev versions
 * (`dev:…`) only match exactly. Returns undefined when none fits.
 */
export function pickOrbVersion(
  requested: string,
  available: readonly string[],
): string | undefined {
  if (available.includes(requested)) return requested;
  const releases = available
    .filter((v) => /^\d+\.\d+\.\d+$/.test(v))
    .sort(compareVersions)
    .reverse();
  if (requested === "volatile") return releases[0];
  if (!/^\d+(\.\d+)?$/.test(requested)) return undefined;
  return releases.find((v) => v.startsWith(`${requested}.`));
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
