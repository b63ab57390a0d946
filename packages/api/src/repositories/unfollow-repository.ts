import { isOAuthProviderId, OAUTH_PROVIDER_NAMES } from "@cairn/auth";
import { z } from "zod";
import { findVisibleProject } from "../access/find-visible-project.ts";
import { isManagerRole, organizationRole } from "../access/organization-role.ts";
import type { Viewer } from "../access/viewer.ts";
import { ApiError } from "../errors.ts";
import type { Services } from "../services.ts";
import { callProvider, providerClientFor } from "./provider-client.ts";

export const ZUnfollowRepositorySchema = z.object({ slug: z.string().min(1).max(300) });

export type TUnfollowRepository = z.infer<typeof ZUnfollowRepositorySchema>;

/**
 * Unfollows a followed repository: an owner or admin of its organization (or the
 * installation administrator) removes the deploy key and the webhook at the provider with
 * their own token, then the project is marked unfollowed (its pipelines stay; its webhook
 * secret is forgotten, so deliveries no longer verify). Outsiders get not_found.
 */
export async function unfollowRepository(
  services: Services,
  viewer: Viewer,
  input: TUnfollowRepository,
) {
  const { db } = services;
  const project = await findVisibleProject(db, viewer, input.slug);
  if (!isManagerRole(await organizationRole(db, viewer, project.organizationId))) {
    throw new ApiError("forbidden", "Only an owner or admin of the organization can unfollow it.");
  }
  if (!isOAuthProviderId(project.provider)) {
    throw new ApiError(
      "invalid_input",
      `${project.slug} is not a GitHub, GitLab or Bitbucket project.`,
    );
  }
  if (project.unfollowedAt) throw new ApiError("conflict", `${project.slug} is not followed.`);
  const provider = project.provider;
  const client = await providerClientFor(services, viewer.id, provider);
  const repo = {
    fullName: `${project.owner}/${project.name}`,
    ...(project.vcsRepoId ? { id: project.vcsRepoId } : {}),
  };
  const permission = await callProvider(() => client.getPermission(repo));
  if (permission !== "admin") {
    throw new ApiError(
      "forbidden",
      `Removing the deploy key and webhook needs admin permission on ${repo.fullName} at ${OAUTH_PROVIDER_NAMES[provider]}.`,
    );
  }
  const hookId = project.vcsWebhookId;
  const keyId = project.vcsDeployKeyId;
  if (hookId) await callProvider(() => client.deleteWebhook(repo, hookId));
  if (keyId) await callProvider(() => client.removeDeployKey(repo, keyId));
  await db.project.update({
    where: { id: project.id },
    data: {
      unfollowedAt: new Date(),
      vcsWebhookId: null,
      vcsDeployKeyId: null,
      webhookSecretCiphertext: null,
      webhookSecretKeyVersion: null,
    },
  });
  return { slug: project.slug, unfollowed: true as const };
}
