import { OAUTH_PROVIDER_NAMES, type OAuthProviderId } from "@cairn/auth";
import { generateDeployKey, generateWebhookSecret } from "@cairn/vcs";
import { z } from "zod";
import type { Viewer } from "../access/viewer.ts";
import { ApiError } from "../errors.ts";
import type { Services } from "../services.ts";
import { callProvider, providerClientFor } from "./provider-client.ts";
import {
  ensureProviderOrganization,
  projectSlug,
  setProviderMembership,
} from "./provider-organization.ts";

export const ZRepositoryProviderSchema = z.enum(["github", "gitlab", "bitbucket"]);

export const ZFollowRepositorySchema = z.object({
  provider: ZRepositoryProviderSchema,
  /** The provider's repository id, as `repositories.list` gives it. */
  repositoryId: z.string().min(1).max(200),
});

export type TFollowRepository = z.infer<typeof ZFollowRepositorySchema>;

/** The URL a provider's webhook posts to (`/api/hooks/github` …). */
export function hookUrl(baseUrl: string, provider: OAuthProviderId): string {
  return new URL(`/api/hooks/${provider}`, baseUrl).toString();
}

/**
 * Follows a repository: needs admin permission on it at the provider (asked again now, not
 * taken from the last listing). Creates (or revives) the project `gh/<owner>/<name>`,
 * adds a fresh ed25519 deploy key read-only and a webhook with a random secret through
 * the provider's API with the user's token; the private key and the secret are stored
 * encrypted. If the webhook cannot be created the key is removed again, so a failure
 * leaves nothing behind at the provider.
 */
export async function followRepository(
  services: Services,
  viewer: Viewer,
  input: TFollowRepository,
) {
  const { db, cipher } = services;
  const { provider } = input;
  const name = OAUTH_PROVIDER_NAMES[provider];
  const access = await db.repositoryAccess.findUnique({
    where: {
      userId_provider_vcsRepoId: { userId: viewer.id, provider, vcsRepoId: input.repositoryId },
    },
  });
  if (!access) throw new ApiError("not_found", "Repository not found");
  const slug = projectSlug(provider, access.owner, access.name);
  const existing = await db.project.findUnique({ where: { slug } });
  if (existing && existing.unfollowedAt === null) {
    throw new ApiError("conflict", `${slug} is already followed.`);
  }

  const client = await providerClientFor(services, viewer.id, provider);
  const repo = { fullName: access.fullName, id: access.vcsRepoId };
  const permission = await callProvider(() => client.getPermission(repo));
  if (permission !== "admin") {
    throw new ApiError(
      "forbidden",
      `Following ${access.fullName} needs admin permission on it at ${name}; you have ${permission ?? "no"} access.`,
    );
  }

  const deployKey = generateDeployKey(`cairn ${slug}`);
  const webhookSecret = generateWebhookSecret();
  const key = await callProvider(() =>
    client.addDeployKey(repo, {
      title: `Cairn (${new URL(services.baseUrl).host})`,
      publicKey: deployKey.publicKey,
    }),
  );
  let hook: { id: string };
  try {
    hook = await callProvider(() =>
      client.createWebhook(repo, {
        url: hookUrl(services.baseUrl, provider),
        secret: webhookSecret,
      }),
    );
  } catch (error) {
    await client.removeDeployKey(repo, key.id).catch(() => undefined);
    throw error;
  }

  const [privateKey, secret] = await Promise.all([
    cipher.encrypt(deployKey.privateKey),
    cipher.encrypt(webhookSecret),
  ]);
  const organization = await ensureProviderOrganization(db, provider, access.owner);
  // The follower administers the repository, so they administer its project here too.
  await setProviderMembership(db, viewer.id, organization.id, "admin");
  const fields = {
    organizationId: organization.id,
    provider,
    repoUrl: access.sshUrl,
    owner: access.owner,
    name: access.name,
    vcsRepoId: access.vcsRepoId,
    defaultBranch: access.defaultBranch,
    visibility: access.private ? ("private" as const) : ("public" as const),
    deployKeyPublic: deployKey.publicKey,
    deployKeyFingerprint: deployKey.fingerprint,
    deployKeyCiphertext: privateKey.ciphertext,
    deployKeyKeyVersion: privateKey.keyVersion,
    deployKeyCreatedAt: new Date(),
    webhookSecretCiphertext: secret.ciphertext,
    webhookSecretKeyVersion: secret.keyVersion,
    vcsDeployKeyId: key.id,
    vcsWebhookId: hook.id,
    unfollowedAt: null,
  };
  const project = existing
    ? await db.project.update({ where: { id: existing.id }, data: fields })
    : await db.project.create({ data: { slug, ...fields } });
  return {
    id: project.id,
    slug,
    webhookUrl: hookUrl(services.baseUrl, provider),
    deployKeyFingerprint: deployKey.fingerprint,
  };
}
