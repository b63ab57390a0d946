import { z } from "zod";

export const ZProjectSlugSchema = z.string().min(1).max(320);

export const ZProjectListItemSchema = z.object({
  slug: z.string(),
  name: z.string(),
  organizationName: z.string(),
  defaultBranch: z.string(),
});
export type TProjectListItem = z.infer<typeof ZProjectListItemSchema>;

export const ZProjectSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  organization_name: z.string(),
  organization_slug: z.string(),
  organization_id: z.string(),
  vcs_info: z.object({ vcs_url: z.string(), provider: z.string(), default_branch: z.string() }),
});
