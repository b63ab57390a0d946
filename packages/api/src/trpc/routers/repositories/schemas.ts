import { z } from "zod";
import { ZRepositoryProviderSchema } from "../../../repositories/follow-repository.ts";

export const ZRepositoryPermissionSchema = z.enum(["admin", "write", "read"]);

export const ZUserRepositorySchema = z.object({
  id: z.string(),
  fullName: z.string(),
  owner: z.string(),
  name: z.string(),
  private: z.boolean(),
  webUrl: z.string(),
  permission: ZRepositoryPermissionSchema,
  /** Admin permission at the provider: the Follow button is offered. */
  canFollow: z.boolean(),
  project: z.object({ slug: z.string(), followed: z.boolean() }).nullable(),
});

export const ZProviderRepositoriesSchema = z.object({
  provider: ZRepositoryProviderSchema,
  name: z.string(),
  signedIn: z.boolean(),
  syncedAt: z.string().nullable(),
  /** Why the last listing failed, to show next to the provider. */
  error: z.string().nullable(),
  repositories: z.array(ZUserRepositorySchema),
});

export const ZFollowedRepositorySchema = z.object({
  id: z.string(),
  slug: z.string(),
  webhookUrl: z.string(),
  deployKeyFingerprint: z.string(),
});

export const ZUnfollowedRepositorySchema = z.object({
  slug: z.string(),
  unfollowed: z.literal(true),
});
