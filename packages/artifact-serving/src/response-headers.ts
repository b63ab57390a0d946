// Every artifact is untrusted content written by a job. The sandbox gives an HTML page an
// opaque origin, so its scripts can reach neither cookies nor storage of any origin, and
// it cannot be framed by another site. Scripts stay allowed: HTML reports need them.
const SANDBOX_CSP = [
  "sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox allow-downloads",
  "default-src 'self' 'unsafe-inline' data: blob:",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const FALLBACK_TYPE = "application/octet-stream";
const MIME_TYPE =
  /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;\s*[a-z0-9-]+=[a-z0-9._-]+)*$/i;
const ACTIVE_TYPES = [
  "text/html",
  "application/xhtml+xml",
  "image/svg+xml",
  "text/xml",
  "application/xml",
];

/** True for types a browser renders as a document that can run script. */
export function isActiveContentType(contentType: string): boolean {
  const essence = contentType.split(";", 1)[0]?.trim().toLowerCase() ?? "";
  return ACTIVE_TYPES.includes(essence);
}

/** The stored type when it is a well-formed MIME type, else application/octet-stream. */
export function safeContentType(stored: string | null | undefined): string {
  return stored && MIME_TYPE.test(stored) ? stored : FALLBACK_TYPE;
}

/**
 * Headers for every answer of the artifacts origin: no sniffing, no referrer (a signed
 * link's token is in the path), never cached by shared caches, the sandbox on anything.
 * Answers never carry Set-Cookie, and requests' cookies are never read.
 */
export function artifactResponseHeaders(contentType: string): Record<string, string> {
  return {
    "Content-Type": contentType,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": SANDBOX_CSP,
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-site",
    "Cache-Control": "private, no-store",
  };
}
