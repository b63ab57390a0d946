const MAX_HOST_LENGTH = 255;

/**
 * The project label of a `Host` header `<label>.<baseDomain>[:port]`, or null for any
 * other host (the bare base domain, a deeper subdomain, an IP address, garbage).
 */
export function parseArtifactHost(host: string | undefined, baseDomain: string): string | null {
  if (!host || host.length > MAX_HOST_LENGTH) return null;
  const name = host
    .replace(/:\d{1,5}$/, "")
    .replace(/\.$/, "")
    .toLowerCase();
  const suffix = `.${baseDomain.toLowerCase().replace(/\.$/, "")}`;
  if (!name.endsWith(suffix)) return null;
  const label = name.slice(0, -suffix.length);
  return /^[a-z0-9-]{1,63}$/.test(label) ? label : null;
}

/**
 * The base domain project labels are put under: `artifacts.<host of the artifacts URL>`
 * unless configured (`http://localhost:3001` → `artifacts.localhost`).
 */
export function artifactsBaseDomain(artifactsUrl: string, configured?: string): string {
  return (configured ?? `artifacts.${new URL(artifactsUrl).hostname}`).toLowerCase();
}

/** The origin of one project's artifacts: the artifacts URL's scheme and port. */
export function projectArtifactOrigin(artifactsUrl: string, baseDomain: string, label: string) {
  const url = new URL(artifactsUrl);
  return `${url.protocol}//${label}.${baseDomain}${url.port ? `:${url.port}` : ""}`;
}
