import type { Db } from "@cairn/db";
import { findVisibleProject } from "../access/find-visible-project.ts";
import type { Viewer } from "../access/viewer.ts";
import { presentProject } from "../presenters/present-project.ts";

/** `GET /api/v2/project/{slug}`. */
export async function getProject(db: Db, viewer: Viewer, slug: string) {
  return presentProject(await findVisibleProject(db, viewer, slug));
}
