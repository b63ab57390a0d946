import { createHash } from "node:crypto";
import {
  readHeader,
  type VcsProviderAdapter,
  type WebhookEvent,
  type WebhookRequest,
} from "../../provider.ts";
import {
  SIGNATURE_HEADER,
  type SignatureCheck,
  verifyWebhookSignature,
} from "../../webhook-signature.ts";
import { parseGitPush } from "./git-push.ts";

/** Any git server: pushes come from the post-receive hook (or a hand-made request). */
export class GitProvider implements VcsProviderAdapter {
  readonly id = "git" as const;

  verifyWebhook(request: WebhookRequest, secret: string): SignatureCheck {
    return verifyWebhookSignature(
      secret,
      request.rawBody,
      readHeader(request.headers, SIGNATURE_HEADER),
    );
  }

  parseWebhook(request: WebhookRequest): WebhookEvent {
    const { delivery, ...push } = parseGitPush(request.rawBody);
    // Without the hook's random id, the signed body itself names the delivery: a replay
    // of the same request is then recognized as one.
    const deliveryId =
      delivery ?? `sha256:${createHash("sha256").update(request.rawBody).digest("hex")}`;
    return { kind: "push", deliveryId, push };
  }
}

export const gitProvider: VcsProviderAdapter = new GitProvider();
