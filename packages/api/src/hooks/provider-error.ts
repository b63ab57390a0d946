import type { Services } from "../services.ts";

/** Shown on the project page until a later call to the provider succeeds. */
export async function recordProviderError(
  services: Pick<Services, "db">,
  projectId: string,
  error: Error,
): Promise<void> {
  await services.db.project.update({
    where: { id: projectId },
    data: { providerError: error.message, providerErrorAt: new Date() },
  });
}

export async function clearProviderError(
  services: Pick<Services, "db">,
  projectId: string,
): Promise<void> {
  await services.db.project.updateMany({
    where: { id: projectId, providerError: { not: null } },
    data: { providerError: null, providerErrorAt: null },
  });
}
