import { describe, expect, it } from "vitest";
import { signWebhookBody } from "../../webhook-signature.ts";
import { gitProvider } from "./git-provider.ts";

const secret = "s3cret-for-tests";
const sha = "1".repeat(40);

describe("gitProvider", () => {
  const rawBody = `{"ref":"refs/heads/main","before":"${"0".repeat(40)}","after":"${sha}"}`;

  it("verifies the signature header case-insensitively, from a plain object or Headers", () => {
    const signature = signWebhookBody(secret, rawBody);
    expect(
      gitProvider.verifyWebhook(
        { headers: { "x-cairn-signature-256": signature }, rawBody },
        secret,
      ),
    ).toEqual({
      valid: true,
    });
    const headers = new Headers({ "X-Cairn-Signature-256": signature });
    expect(gitProvider.verifyWebhook({ headers, rawBody: Buffer.from(rawBody) }, secret)).toEqual({
      valid: true,
    });
    expect(gitProvider.verifyWebhook({ headers: {}, rawBody }, secret)).toMatchObject({
      reason: "missing",
    });
  });

  it("turns a body into a push event with a delivery id derived from the signed body", () => {
    const event = gitProvider.parseWebhook({ headers: {}, rawBody });
    const again = gitProvider.parseWebhook({ headers: {}, rawBody: Buffer.from(rawBody) });
    expect(event).toMatchObject({
      kind: "push",
      push: { branch: "main", after: sha, created: true },
    });
    expect(event.deliveryId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(again.deliveryId).toBe(event.deliveryId);
  });

  it("uses the hook's delivery id when the body has one", () => {
    const body = `{"ref":"refs/tags/v1","after":"${sha}","delivery":"d-42"}`;
    const event = gitProvider.parseWebhook({ headers: {}, rawBody: body });
    expect(event.deliveryId).toBe("d-42");
    expect(event.kind === "push" && "delivery" in event.push).toBe(false);
  });
});
