import { parseProjectLabel } from "@cairn/artifact-serving";
import type { Db } from "@cairn/db";

/** The project a host label names, or null. */
export async function findProjectByLabel(db: Db, label: string) {
  const parsed = parseProjectLabel(label);
  if (!parsed) return null;
  return db.project.findUnique({
    where: parsed.kind === "id" ? { id: parsed.id } : { slug: parsed.slug },
    select: { id: true, slug: true, visibility: true },
  });
}
