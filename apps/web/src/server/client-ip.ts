import type { IncomingMessage } from "node:http";

/** The header the server writes the client's address into; anything a client sent under it is replaced. */
export const CLIENT_IP_HEADER = "x-cairn-client-ip";

/**
 * Records where a request came from, for the audit trail: the connection's address, or,
 * behind a reverse proxy Cairn is told to trust, the first address of `X-Forwarded-For`.
 */
export function stampClientIp(req: IncomingMessage, trustProxy: boolean): void {
  const forwarded = req.headers["x-forwarded-for"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  const address = trustProxy && first ? first : req.socket.remoteAddress;
  req.headers[CLIENT_IP_HEADER] = normalize(address ?? "");
}

/** The address stamped on a request by the server, or null (e.g. in tests without it). */
export function clientIpOf(headers: Pick<Headers, "get">): string | null {
  const value = headers.get(CLIENT_IP_HEADER)?.trim();
  return value ? value.slice(0, 100) : null;
}

// IPv4 clients of a dual-stack socket show as ::ffff:a.b.c.d.
function normalize(address: string): string {
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}
