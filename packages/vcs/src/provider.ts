import type { PushEvent } from "./push-event.ts";
import type { SignatureCheck } from "./webhook-signature.ts";

/** The same names as the database's VcsProvider enum. */
export type ProviderId = "github" | "gitlab" | "bitbucket" | "git";

/** What a webhook route hands a provider: headers as received and the untouched body. */
export interface WebhookRequest {
  headers: Headers | Record<string, string | string[] | undefined>;
  rawBody: string | Uint8Array;
}

export type WebhookEvent =
  | { kind: "push"; deliveryId: string; push: PushEvent }
  /** A delivery that is valid but starts nothing (e.g. a ping). */
  | { kind: "ignored"; deliveryId: string; reason: string };

/**
 * One VCS. A webhook route looks up the project, decrypts its webhook secret, then calls
 * `verifyWebhook` and, when valid, `parseWebhook`; the delivery id goes into
 * WebhookDelivery so a replay does nothing.
 */
export interface VcsProviderAdapter {
  readonly id: ProviderId;
  verifyWebhook(request: WebhookRequest, secret: string): SignatureCheck;
  /** Throws VcsError("invalid_push") with a readable message on a bad body. */
  parseWebhook(request: WebhookRequest): WebhookEvent;
}

/** Case-insensitive header lookup; a repeated header comes back joined (and so fails checks). */
export function readHeader(headers: WebhookRequest["headers"], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? value.join(", ") : value;
  }
  return undefined;
}
