import type { Db } from "@cairn/db";
import type { SecretCipher } from "@cairn/secrets";
import type { JobContext } from "./job-context.ts";

/** Whether a project lets builds of forked pull requests see its secrets (off by default). */
export function forksGetSecrets(settings: unknown): boolean {
  return (
    typeof settings === "object" &&
    settings !== null &&
    (settings as Record<string, unknown>).passSecretsToForks === true
  );
}

/**
 * The project's environment variables, decrypted now (at dispatch) and only for this job.
 * Builds of pull requests from forks get none unless the project opts in.
 */
export async function projectEnvironment(
  context: JobContext,
  db: Db,
  cipher: SecretCipher,
): Promise<Record<string, string>> {
  if (context.pipeline.fromFork && !forksGetSecrets(context.project.settings)) return {};
  const rows = await db.envVar.findMany({ where: { projectId: context.project.id } });
  const values = await Promise.all(
    rows.map(async (row) => [row.name, await cipher.decrypt(row.ciphertext)]),
  );
  return Object.fromEntries(values);
}
