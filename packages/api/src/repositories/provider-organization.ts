import type { OAuthProviderId } from "@cairn/auth";
import type { Db, MembershipRole } from "@cairn/db";

/** Slug prefixes, as CircleCI writes them (`gh/acme/app`). */
export const SLUG_PREFIX: Record<OAuthProviderId, string> = {
  github: "gh",
  gitlab: "gl",
  bitbucket: "bb",
};

/**
 * A provider owner as one slug segment. GitLab owners can be nested groups
 * (`group/subgroup`); a slug has exactly three segments, so `/` becomes `--`.
 */
export function ownerSegment(owner: string): string {
  return owner.replaceAll("/", "--");
}

export function organizationSlug(provider: OAuthProviderId, owner: string): string {
  return `${SLUG_PREFIX[provider]}/${ownerSegment(owner)}`;
}

export function projectSlug(provider: OAuthProviderId, owner: string, name: string): string {
  return `${organizationSlug(provider, owner)}/${name}`;
}

/** The Cairn organization mirroring a provider owner, created on first use. */
export async function ensureProviderOrganization(db: Db, provider: OAuthProviderId, owner: string) {
  const existing = await db.organization.findUnique({
    where: { provider_vcsOwner: { provider, vcsOwner: owner } },
  });
  if (existing) return existing;
  return db.organization.upsert({
    where: { slug: organizationSlug(provider, owner) },
    update: { provider, vcsOwner: owner },
    create: { name: owner, slug: organizationSlug(provider, owner), provider, vcsOwner: owner },
  });
}

/** Sets a user's role in a provider organization; an `owner` (given by hand) is kept. */
export async function setProviderMembership(
  db: Db,
  userId: string,
  organizationId: string,
  role: Exclude<MembershipRole, "owner">,
) {
  const current = await db.membership.findUnique({
    where: { userId_organizationId: { userId, organizationId } },
  });
  if (!current) {
    await db.membership.create({ data: { userId, organizationId, role } });
  } else if (current.role !== "owner" && current.role !== role) {
    await db.membership.update({ where: { id: current.id }, data: { role } });
  }
}
