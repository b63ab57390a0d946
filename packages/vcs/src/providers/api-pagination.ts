/** The `rel="next"` URL of an RFC 8288 Link header (GitHub, GitLab), or null. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(",")) {
    const match = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (match?.[1] && /\brel="?([^"]*\s)?next(\s[^"]*)?"?/.test(match[2] ?? "")) return match[1];
  }
  return null;
}
