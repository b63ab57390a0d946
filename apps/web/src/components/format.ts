/** "4.2s", "3m 07s", "1h 02m"; "—" when unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
  const seconds = Math.floor(ms / 1000);
  const pad = (value: number) => String(value).padStart(2, "0");
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${pad(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h ${pad(Math.floor((seconds % 3600) / 60))}m`;
}

/** A timestamp as the reader's clock shows it, stable between server and browser (UTC). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export const shortSha = (sha: string) => sha.slice(0, 7);

/** A pipeline's, workflow's or job's URL path in the app. */
export const paths = {
  project: (slug: string) => `/project/${slug}`,
  projectSettings: (slug: string) => `/project/${slug}/settings`,
  pipeline: (id: string) => `/pipeline/${id}`,
  job: (id: string) => `/job/${id}`,
};
