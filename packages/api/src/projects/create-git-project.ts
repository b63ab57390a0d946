import { generateDeployKey, generateWebhookSecret, normalizeGitUrl, VcsError } from "@cairn/vcs";
import { z } from "zod";
import type { Viewer } from "../access/viewer.ts";
import { ApiError } from "../errors.ts";
import { ensurePersonalOrganization } from "../organizations/ensure-personal-organization.ts";
import type { Services } from "../services.ts";

export const ZCreateGitProjectSchema = z.object({
  provider: z.literal("git"),
  url: z.string().min(1).max(2048),
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, {
    message: "letters, digits, '.', '_' and '-' only, starting with a letter or digit",
  }),
  default_branch: z.string().min(1).max(255).optional(),
});

export type TCreateGitProject = z.infer<typeof ZCreateGitProjectSchema>;

/** `POST /api/v2/project`'s answer; the webhook secret is shown only here. */
export interface CreatedGitProject {
  id: string;
  slug: string;
  webhook_url: string;
  webhook_secret: string;
  deploy_key_public: string;
  deploy_key_fingerprint: string;
}

/**
 * Adds a project on any git server: a fresh ed25519 deploy key (the private part encrypted
 * at rest) and a webhook secret (encrypted too) for `POST /api/hooks/git/<slug>`. Local
 * paths and file:// URLs are for installation administrators only.
 */
export async function createGitProject(
  services: Services,
  user: Viewer,
  input: TCreateGitProject,
): Promise<CreatedGitProject> {
  let transport: string;
  try {
    transport = normalizeGitUrl(input.url).transport;
  } catch (error) {
    if (error instanceof VcsError) throw new ApiError("invalid_input", error.message);
    throw error;
  }
  // A local path reads the server's own disk: only the installation's administrator may.
  if (transport === "file" && !user.isAdmin) {
    throw new ApiError(
      "forbidden",
      "Only an installation administrator may add a repository by local path or file:// URL; use an ssh:// or https:// URL.",
    );
  }
  const organization = await ensurePersonalOrganization(services.db, user);
  const slug = `git/${organization.slug}/${input.name}`;
  if (await services.db.project.findUnique({ where: { slug } })) {
    throw new ApiError("conflict", `A project ${slug} already exists.`);
  }
  const deployKey = generateDeployKey(`cairn ${slug}`);
  const webhookSecret = generateWebhookSecret();
  const [key, secret] = await Promise.all([
    services.cipher.encrypt(deployKey.privateKey),
    services.cipher.encrypt(webhookSecret),
  ]);
  const project = await services.db.project.create({
    data: {
      organizationId: organization.id,
      provider: "git",
      repoUrl: input.url,
      owner: organization.slug,
      name: input.name,
      slug,
      defaultBranch: input.default_branch ?? "main",
      deployKeyPublic: deployKey.publicKey,
      deployKeyFingerprint: deployKey.fingerprint,
      deployKeyCiphertext: key.ciphertext,
      deployKeyKeyVersion: key.keyVersion,
      deployKeyCreatedAt: new Date(),
      webhookSecretCiphertext: secret.ciphertext,
      webhookSecretKeyVersion: secret.keyVersion,
    },
  });
  return {
    id: project.id,
    slug,
    webhook_url: new URL(`/api/hooks/git/${slug}`, services.baseUrl).toString(),
    webhook_secret: webhookSecret,
    deploy_key_public: deployKey.publicKey,
    deploy_key_fingerprint: deployKey.fingerprint,
  };
}
