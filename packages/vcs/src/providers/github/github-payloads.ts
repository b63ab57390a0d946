import { z } from "zod";
import { ZCommitShaSchema, ZRefSchema } from "../hosted/webhook-payload.ts";

// Only the fields Cairn reads; GitHub sends many more, which are dropped.

const ZRepositorySchema = z.object({
  id: z.number().int().positive(),
  full_name: z.string().min(1),
});

export const ZGitHubPushSchema = z.object({
  ref: ZRefSchema,
  before: ZCommitShaSchema,
  after: ZCommitShaSchema,
  head_commit: z.object({ message: z.string() }).nullish(),
  repository: ZRepositorySchema,
});

export const ZGitHubPullRequestSchema = z.object({
  action: z.string().min(1),
  number: z.number().int().positive(),
  pull_request: z.object({
    html_url: z.string().min(1),
    title: z.string(),
    head: z.object({
      sha: ZCommitShaSchema,
      ref: z.string().min(1),
      // null when the fork has been deleted since the pull request was opened
      repo: z.object({ id: z.number().int(), clone_url: z.string().min(1) }).nullable(),
    }),
    base: z.object({ ref: z.string().min(1), repo: z.object({ id: z.number().int() }) }),
  }),
  repository: ZRepositorySchema,
});

/** Any other event: the repository when it names one. */
export const ZGitHubOtherSchema = z.object({
  action: z.string().optional(),
  repository: ZRepositorySchema.optional(),
});

export type TGitHubRepository = z.infer<typeof ZRepositorySchema>;
