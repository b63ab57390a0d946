import type { Db } from "@cairn/db";

/** A project by its slug (`git/acme/api`) or id, or null. */
export function findProjectBySlugOrId(db: Db, reference: string) {
  if (reference.length === 0 || reference.length > 400) return Promise.resolve(null);
  return db.project.findFirst({ where: { OR: [{ slug: reference }, { id: reference }] } });
}
