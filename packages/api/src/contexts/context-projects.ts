import type { Viewer } from "../access/viewer.ts";
import type { Services } from "../services.ts";
import { visibleOwner } from "./context-owner.ts";

/**
 * An organization's contexts with the projects each is restricted to (none: open to every
 * project of the organization), and the organization's projects to choose from.
 */
export async function listContextsWithProjects(
  services: Pick<Services, "db">,
  viewer: Viewer,
  organizationSlug: string,
) {
  const organization = await visibleOwner(services.db, viewer, organizationSlug);
  const [contexts, projects] = await Promise.all([
    services.db.context.findMany({
      where: { organizationId: organization.id },
      orderBy: { name: "asc" },
      include: {
        restrictions: { where: { type: "project" }, select: { value: true } },
        envVars: { orderBy: { name: "asc" }, select: { name: true, last4: true, createdAt: true } },
      },
    }),
    services.db.project.findMany({
      where: { organizationId: organization.id },
      orderBy: { slug: "asc" },
      select: { id: true, slug: true },
    }),
  ]);
  return {
    organizationSlug: organization.slug,
    projects,
    contexts: contexts.map((context) => ({
      id: context.id,
      name: context.name,
      createdAt: context.createdAt.toISOString(),
      projectIds: context.restrictions.map((restriction) => restriction.value),
      variables: context.envVars.map((variable) => ({
        name: variable.name,
        last4: variable.last4,
        createdAt: variable.createdAt.toISOString(),
      })),
    })),
  };
}
