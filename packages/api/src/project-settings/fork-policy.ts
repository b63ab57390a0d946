import type { Db, Prisma } from "@cairn/db";
import { z } from "zod";
import { canManageProject, findManageableProject } from "../access/find-manageable-project.ts";
import { findVisibleProject } from "../access/find-visible-project.ts";
import type { Viewer } from "../access/viewer.ts";
import { audited, describeProject, projectNote } from "../audit/record-audit.ts";

/**
 * What a project does with pull requests from forks. Stored in `Project.settings` under
 * the keys the runner reads (`passSecretsToForks`) next to other settings, which an update
 * keeps.
 */
export const ZForkPolicySchema = z.object({
  buildForkPullRequests: z.boolean(),
  passSecretsToForks: z.boolean(),
});
export type TForkPolicy = z.infer<typeof ZForkPolicySchema>;

function settingsObject(settings: Prisma.JsonValue): Prisma.JsonObject {
  return settings !== null && typeof settings === "object" && !Array.isArray(settings)
    ? settings
    : {};
}

/** Both off unless explicitly turned on: a fork's code never sees secrets by default. */
export function readForkPolicy(settings: Prisma.JsonValue): TForkPolicy {
  const values = settingsObject(settings);
  return {
    buildForkPullRequests: values.buildForkPullRequests === true,
    passSecretsToForks: values.passSecretsToForks === true,
  };
}

/** The project's settings page header: its fork policy and whether the viewer may change things. */
export async function getProjectSettings(db: Db, viewer: Viewer, slug: string) {
  const project = await findVisibleProject(db, viewer, slug);
  return {
    slug: project.slug,
    name: project.name,
    provider: project.provider,
    organizationSlug: project.organization.slug,
    forkPolicy: readForkPolicy(project.settings),
    canManage: await canManageProject(db, viewer, project),
  };
}

/** Replaces the fork policy, keeping every other setting as it was. */
export async function updateForkPolicy(
  db: Db,
  viewer: Viewer,
  slug: string,
  policy: TForkPolicy,
): Promise<TForkPolicy> {
  const note = projectNote("project.settings.update", slug);
  return audited(db, viewer, note, async () => {
    const project = await findManageableProject(db, viewer, slug);
    describeProject(note, project);
    // Passing secrets to forks means nothing while forks are not built.
    const next = {
      buildForkPullRequests: policy.buildForkPullRequests,
      passSecretsToForks: policy.buildForkPullRequests && policy.passSecretsToForks,
    };
    note.metadata = { from: readForkPolicy(project.settings), to: next };
    const updated = await db.project.update({
      where: { id: project.id },
      data: { settings: { ...settingsObject(project.settings), ...next } },
      select: { settings: true },
    });
    return readForkPolicy(updated.settings);
  });
}
