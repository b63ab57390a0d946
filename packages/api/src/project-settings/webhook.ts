import { generateWebhookSecret } from "@cairn/vcs";
import { findManageableProject } from "../access/find-manageable-project.ts";
import { findVisibleProject } from "../access/find-visible-project.ts";
import type { Viewer } from "../access/viewer.ts";
import { audited, describeProject, projectNote } from "../audit/record-audit.ts";
import { ApiError } from "../errors.ts";
import type { Services } from "../services.ts";

/** Where a git server posts pushes (`X-Cairn-Signature-256` signed with the secret). */
export function gitWebhookUrl(baseUrl: string, slug: string) {
  return new URL(`/api/hooks/git/${slug}`, baseUrl).toString();
}

/**
 * The project's webhook URL and whether a secret is set; never the secret itself. Only
 * `git` projects have one of their own (GitHub, GitLab and Bitbucket use the app's hooks).
 */
export async function getProjectWebhook(
  services: Pick<Services, "db" | "baseUrl">,
  viewer: Viewer,
  slug: string,
) {
  const project = await findVisibleProject(services.db, viewer, slug);
  if (project.provider !== "git") return null;
  return {
    url: gitWebhookUrl(services.baseUrl, project.slug),
    hasSecret: project.webhookSecretCiphertext !== null,
  };
}

/** A new webhook secret, returned this once; the old one stops verifying at once. */
export async function regenerateWebhookSecret(
  services: Pick<Services, "db" | "cipher" | "baseUrl">,
  viewer: Viewer,
  slug: string,
) {
  const note = projectNote("project.webhook_secret.regenerate", slug);
  return audited(services.db, viewer, note, async () => {
    const project = await findManageableProject(services.db, viewer, slug);
    describeProject(note, project);
    if (project.provider !== "git") {
      throw new ApiError(
        "invalid_input",
        "Only projects on a plain git server have a webhook secret of their own.",
      );
    }
    const secret = generateWebhookSecret();
    const encrypted = await services.cipher.encrypt(secret);
    await services.db.project.update({
      where: { id: project.id },
      data: {
        webhookSecretCiphertext: encrypted.ciphertext,
        webhookSecretKeyVersion: encrypted.keyVersion,
      },
    });
    return { url: gitWebhookUrl(services.baseUrl, project.slug), secret };
  });
}
