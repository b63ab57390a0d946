import type { Db } from "@cairn/db";
import { findVisibleProject } from "../access/find-visible-project.ts";
import type { Viewer } from "../access/viewer.ts";

/** `GET /project/{slug}/checkout-key`: the project's deploy key (public half only). */
export async function listCheckoutKeys(db: Db, viewer: Viewer, slug: string) {
  const project = await findVisibleProject(db, viewer, slug);
  const items =
    project.deployKeyPublic && project.deployKeyFingerprint
      ? [
          {
            type: "deploy-key" as const,
            preferred: true,
            public_key: project.deployKeyPublic,
            fingerprint: project.deployKeyFingerprint,
            created_at: (project.deployKeyCreatedAt ?? project.createdAt).toISOString(),
          },
        ]
      : [];
  return { items, next_page_token: null };
}
