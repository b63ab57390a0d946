import { createHmac, timingSafeEqual } from "node:crypto";

/** What a signed link grants: one job's artifacts in one project, until `expiresAt`. */
export interface ArtifactLinkScope {
  projectId: string;
  jobNumber: number;
}

/** How long a link the UI hands out stays valid. */
export const DEFAULT_LINK_TTL_SECONDS = 15 * 60;
const MAX_TOKEN_LENGTH = 512;
// Domain separation: the same AUTH_SECRET signs sessions and other tokens.
const PURPOSE = "cairn-artifact-link-v1";

/**
 * A link token: `<payload>.<signature>`, both base64url, the signature an HMAC-SHA256 of
 * the payload with the server secret. Stateless, so the artifacts app needs no session.
 */
export function signArtifactToken(
  scope: ArtifactLinkScope,
  secret: string,
  expiresAt: Date,
): string {
  const payload = Buffer.from(
    JSON.stringify({
      p: scope.projectId,
      j: scope.jobNumber,
      e: Math.floor(expiresAt.getTime() / 1000),
    }),
  ).toString("base64url");
  return `${payload}.${sign(payload, secret)}`;
}

/** True when the token is genuine, unexpired and for exactly this project and job. */
export function verifyArtifactToken(
  token: string,
  secret: string,
  scope: ArtifactLinkScope,
  now: Date = new Date(),
): boolean {
  if (token.length > MAX_TOKEN_LENGTH) return false;
  const [payload, signature, ...rest] = token.split(".");
  if (!payload || !signature || rest.length > 0) return false;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return false;
  }
  const { p, j, e } = (claims ?? {}) as { p?: unknown; j?: unknown; e?: unknown };
  return (
    p === scope.projectId &&
    j === scope.jobNumber &&
    typeof e === "number" &&
    e * 1000 > now.getTime()
  );
}

function sign(payload: string, secret: string): string {
  return createHmac("sha256", secret).update(`${PURPOSE}.${payload}`).digest("base64url");
}
