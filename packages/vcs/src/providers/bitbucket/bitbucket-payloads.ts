import { z } from "zod";
import { ZCommitShaSchema } from "../hosted/webhook-payload.ts";

// Only the fields Cairn reads; Bitbucket sends many more, which are dropped.

const ZRepositorySchema = z.object({
  uuid: z.string().regex(/^\{[0-9a-fA-F-]{36}\}$/, "must be a {uuid}"),
  full_name: z.string().min(1),
});

const ZRefStateSchema = z.object({
  type: z.string(),
  name: z.string().min(1),
  target: z.object({ hash: ZCommitShaSchema, message: z.string().optional() }),
});

export const ZBitbucketPushSchema = z.object({
  repository: ZRepositorySchema,
  push: z.object({
    changes: z
      .array(z.object({ new: ZRefStateSchema.nullable(), old: ZRefStateSchema.nullable() }))
      .min(1, "must list at least one change"),
  }),
});

/** Pull request payloads give abbreviated (12-character) commit hashes. */
const ZShortShaSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{7,64}$/, "must be a hex commit id")
  .transform((sha) => sha.toLowerCase());

const ZEndpointSchema = z.object({
  branch: z.object({ name: z.string().min(1) }),
  commit: z.object({ hash: ZShortShaSchema }),
  // null when the source fork has been deleted
  repository: ZRepositorySchema.nullable(),
});

export const ZBitbucketPullRequestSchema = z.object({
  repository: ZRepositorySchema,
  pullrequest: z.object({
    id: z.number().int().positive(),
    title: z.string(),
    source: ZEndpointSchema,
    destination: ZEndpointSchema,
    links: z.object({ html: z.object({ href: z.string().min(1) }) }),
  }),
});

export const ZBitbucketOtherSchema = z.object({ repository: ZRepositorySchema.optional() });

export type TBitbucketRepository = z.infer<typeof ZRepositorySchema>;
export type TBitbucketRefState = z.infer<typeof ZRefStateSchema>;
