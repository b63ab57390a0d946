import type { Db } from "@cairn/db";
import { findVisibleProject } from "../access/find-visible-project.ts";
import type { Viewer } from "../access/viewer.ts";

/** The settings page's list: name, the last four characters and when it was set; never a value. */
export async function listEnvVarDetails(db: Db, viewer: Viewer, slug: string) {
  const project = await findVisibleProject(db, viewer, slug);
  const rows = await db.envVar.findMany({
    where: { projectId: project.id },
    orderBy: { name: "asc" },
    select: { name: true, last4: true, createdAt: true, updatedAt: true },
  });
  return rows.map((row) => ({
    name: row.name,
    last4: row.last4,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}
