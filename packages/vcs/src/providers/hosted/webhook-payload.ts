import { createHash } from "node:crypto";
import type { z } from "zod";
import { VcsError } from "../../errors.ts";
import { readHeader, type WebhookRequest } from "../../provider.ts";
import { ZGitPushBodySchema } from "../git/git-push.ts";

// Helpers the three hosted providers share: decoding a body against a schema with
// readable errors, delivery ids, branch names and `[skip ci]`.

export const ZCommitShaSchema = ZGitPushBodySchema.shape.after;
export const ZRefSchema = ZGitPushBodySchema.shape.ref;

/** Refuses branch names git would not accept (checked through their full ref). */
export function assertBranchNames(...names: string[]): void {
  for (const name of names) {
    if (name.length === 0 || !ZRefSchema.safeParse(`refs/heads/${name}`).success) {
      throw new VcsError("invalid_push", `Invalid branch name ${JSON.stringify(name)}.`);
    }
  }
}

/** Parses the raw body as JSON and checks it; any problem is VcsError("invalid_push"). */
export function decodePayload<T extends z.ZodType>(
  schema: T,
  rawBody: string | Uint8Array,
  what: string,
): z.infer<T> {
  const text = typeof rawBody === "string" ? rawBody : Buffer.from(rawBody).toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VcsError("invalid_push", `Invalid ${what}: not valid JSON.`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const field = issue.path.join(".");
      const message = /received undefined$/.test(issue.message) ? "is required" : issue.message;
      return field === "" ? message : `${field} ${message}`;
    });
    throw new VcsError("invalid_push", `Invalid ${what}: ${problems.join("; ")}.`);
  }
  return parsed.data;
}

const DELIVERY_ID = /^[A-Za-z0-9{}._:-]{1,200}$/;

/** The provider's delivery id header; refused when absent or not a plain token. */
export function requireDeliveryId(request: WebhookRequest, headerName: string): string {
  const value = readHeader(request.headers, headerName)?.trim();
  if (value === undefined || value === "") {
    throw new VcsError("invalid_push", `Missing ${headerName} header.`);
  }
  if (!DELIVERY_ID.test(value)) {
    throw new VcsError("invalid_push", `Malformed ${headerName} header.`);
  }
  return value;
}

/** Names a delivery by its body when the provider sends no id: a replay is recognized. */
export function bodyDeliveryId(rawBody: string | Uint8Array): string {
  return `sha256:${createHash("sha256").update(rawBody).digest("hex")}`;
}

/** The event-type header (`X-GitHub-Event`, …); refused when absent. */
export function requireEventName(request: WebhookRequest, headerName: string): string {
  const value = readHeader(request.headers, headerName)?.trim();
  if (value === undefined || value === "") {
    throw new VcsError("invalid_push", `Missing ${headerName} header.`);
  }
  return value;
}

const SKIP_CI = /\[(?:ci skip|skip ci)\]/i;

/** The reason to ignore a commit whose message asks for no build, or null. */
export function skipCiReason(message: string | null | undefined): string | null {
  const found = message ? SKIP_CI.exec(message) : null;
  return found ? `head commit message contains ${found[0]}` : null;
}
