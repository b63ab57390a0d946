import { z } from "zod";
import { ZCommitShaSchema, ZRefSchema } from "../hosted/webhook-payload.ts";

// Only the fields Cairn reads; GitLab sends many more, which are dropped.

const ZProjectSchema = z.object({
  id: z.number().int().positive(),
  path_with_namespace: z.string().min(1),
});

/** `Push Hook` and `Tag Push Hook` share one shape. */
export const ZGitLabPushSchema = z.object({
  object_kind: z.enum(["push", "tag_push"]),
  ref: ZRefSchema,
  before: ZCommitShaSchema,
  after: ZCommitShaSchema,
  commits: z.array(z.object({ id: z.string(), message: z.string() })).default([]),
  project: ZProjectSchema,
});

export const ZGitLabMergeRequestSchema = z.object({
  object_kind: z.literal("merge_request"),
  project: ZProjectSchema,
  object_attributes: z.object({
    iid: z.number().int().positive(),
    title: z.string(),
    url: z.string().min(1),
    action: z.string().optional(),
    source_branch: z.string().min(1),
    target_branch: z.string().min(1),
    source_project_id: z.number().int(),
    target_project_id: z.number().int(),
    /** Present on an `update` only when new commits were pushed. */
    oldrev: ZCommitShaSchema.optional(),
    source: z.object({ git_http_url: z.string().min(1) }).nullish(),
    last_commit: z.object({ id: ZCommitShaSchema, message: z.string() }),
  }),
});

export const ZGitLabOtherSchema = z.object({
  object_kind: z.string().optional(),
  project: ZProjectSchema.optional(),
});

export type TGitLabProject = z.infer<typeof ZProjectSchema>;
