import type { Db } from "@cairn/db";
import type { SecretCipher } from "@cairn/secrets";
import type { JobContext } from "./job-context.ts";
import { forksGetSecrets } from "./project-secrets.ts";

/** The variables of a job's contexts, or why the job may not use one of them. */
export type ContextEnvironment =
  | { allowed: true; layers: Record<string, string>[] }
  | { allowed: false; reason: string };

/**
 * Resolves the contexts a job names, in the order the workflow lists them, from its
 * project's organization, decrypting their values now (at dispatch) and only for this job.
 * Whether the job may use them is decided before (checkContextAccess in @cairn/queue, at
 * queueing and again after leasing); a context deleted since still refuses the whole job:
 * running it without the variables it asked for would fail later and less clearly.
 */
export async function contextEnvironment(
  context: JobContext,
  db: Db,
  cipher: SecretCipher,
): Promise<ContextEnvironment> {
  const names = context.job.contexts;
  if (names.length === 0) return { allowed: true, layers: [] };
  // Forked pull requests get no secrets, contexts included, unless the project opts in.
  if (context.pipeline.fromFork && !forksGetSecrets(context.project.settings)) {
    return { allowed: true, layers: [] };
  }
  const found = await db.context.findMany({
    where: { organizationId: context.project.organizationId, name: { in: names } },
    include: { envVars: true },
  });
  const layers: Record<string, string>[] = [];
  for (const name of names) {
    const row = found.find((candidate) => candidate.name === name);
    if (!row) {
      return {
        allowed: false,
        reason: `unauthorized: context "${name}" does not exist in this project's organization`,
      };
    }
    const values = await Promise.all(
      row.envVars.map(async (variable) => [
        variable.name,
        await cipher.decrypt(variable.ciphertext),
      ]),
    );
    layers.push(Object.fromEntries(values));
  }
  return { allowed: true, layers };
}
