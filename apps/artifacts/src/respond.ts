import type { ServerResponse } from "node:http";
import { artifactResponseHeaders } from "@cairn/artifact-serving";

/** A short plain-text answer with the origin's safety headers. */
export function respondText(
  res: ServerResponse,
  status: number,
  message: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...artifactResponseHeaders("text/plain; charset=utf-8"),
    ...extra,
  });
  res.end(`${message}\n`);
}
