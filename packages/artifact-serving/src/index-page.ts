/** What a folder of artifacts holds, one level down. */
export interface FolderListing {
  folders: string[];
  files: { name: string; size: number }[];
}

/**
 * The direct children of `folder` ("" is the top) among a job's artifact paths; null when
 * no artifact lies under it.
 */
export function listFolder(
  artifacts: { path: string; size: number }[],
  folder: string,
): FolderListing | null {
  const prefix = folder === "" ? "" : `${folder}/`;
  const folders = new Set<string>();
  const files: FolderListing["files"] = [];
  for (const artifact of artifacts) {
    if (!artifact.path.startsWith(prefix)) continue;
    const rest = artifact.path.slice(prefix.length);
    const slash = rest.indexOf("/");
    if (slash === -1) files.push({ name: rest, size: artifact.size });
    else folders.add(rest.slice(0, slash));
  }
  if (folders.size === 0 && files.length === 0) return null;
  return {
    folders: [...folders].sort(),
    files: files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}

/** A plain HTML index of a folder; every name is escaped and every link relative. */
export function renderIndexPage(title: string, listing: FolderListing, isTop: boolean): string {
  const rows = [
    ...(isTop ? [] : [link("../", "../", "")]),
    ...listing.folders.map((name) => link(`${encodeURIComponent(name)}/`, `${name}/`, "")),
    ...listing.files.map((file) =>
      link(encodeURIComponent(file.name), file.name, formatSize(file.size)),
    ),
  ];
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}td{padding:.2rem 1rem .2rem 0}</style>
</head><body><h1>${escapeHtml(title)}</h1>
<table>${rows.join("\n")}</table>
</body></html>
`;
}

function link(href: string, text: string, size: string): string {
  return `<tr><td><a href="${escapeHtml(href)}">${escapeHtml(text)}</a></td><td>${size}</td></tr>`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
