import type { Db, User } from "@cairn/db";

/**
 * A user's own organization, created on first use with the user as owner: where the
 * projects they add without naming an organization go.
 */
export async function ensurePersonalOrganization(
  db: Db,
  user: Pick<User, "id" | "login" | "name">,
) {
  const existing = await db.organization.findFirst({
    where: { memberships: { some: { userId: user.id, role: "owner" } } },
    orderBy: { createdAt: "asc" },
  });
  if (existing) return existing;
  const base = (user.login ?? user.name ?? "user").toLowerCase().replace(/[^a-z0-9-]+/g, "-");
  for (let attempt = 0; ; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${attempt + 1}`;
    const taken = await db.organization.findUnique({ where: { slug } });
    if (taken) continue;
    return db.organization.create({
      data: {
        name: user.name ?? slug,
        slug,
        memberships: { create: { userId: user.id, role: "owner" } },
      },
    });
  }
}
