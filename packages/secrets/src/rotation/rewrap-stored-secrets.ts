import type { Db } from "@cairn/db";
import type { RotatableSecretCipher, TEncrypted } from "../encryption/cipher.ts";

/** One kind of stored secret: how to list its ciphertexts and swap one for its rewrap. */
interface SecretColumn {
  name: string;
  list(db: Db, afterId: string, take: number): Promise<{ id: string; ciphertext: string }[]>;
  /** Replaces the ciphertext only if it is still `old` (a concurrent edit wins); count of rows. */
  replace(db: Db, id: string, old: string, next: TEncrypted): Promise<number>;
}

export interface TColumnReport {
  column: string;
  rewrapped: number;
  alreadyCurrent: number;
  /** Ids of rows that could not be rewrapped (never their values). */
  failed: string[];
}

const page = { orderBy: { id: "asc" as const } };
const after = (afterId: string) => ({ id: { gt: afterId } });
// Auth.js writes VCS tokens; only those stored as Cairn ciphertexts are rewrapped.
const ENCRYPTED = { startsWith: "cairn:" };

const COLUMNS: SecretColumn[] = [
  {
    name: "env_vars.ciphertext",
    list: (db, afterId, take) =>
      db.envVar.findMany({
        ...page,
        take,
        where: after(afterId),
        select: { id: true, ciphertext: true },
      }),
    replace: async (db, id, old, next) =>
      (await db.envVar.updateMany({ where: { id, ciphertext: old }, data: { ...next } })).count,
  },
  {
    name: "context_env_vars.ciphertext",
    list: (db, afterId, take) =>
      db.contextEnvVar.findMany({
        ...page,
        take,
        where: after(afterId),
        select: { id: true, ciphertext: true },
      }),
    replace: async (db, id, old, next) =>
      (await db.contextEnvVar.updateMany({ where: { id, ciphertext: old }, data: { ...next } }))
        .count,
  },
  {
    name: "projects.deploy_key_ciphertext",
    list: async (db, afterId, take) =>
      (
        await db.project.findMany({
          ...page,
          take,
          where: { ...after(afterId), deployKeyCiphertext: { not: null } },
          select: { id: true, deployKeyCiphertext: true },
        })
      ).map((row) => ({ id: row.id, ciphertext: row.deployKeyCiphertext! })),
    replace: async (db, id, old, next) =>
      (
        await db.project.updateMany({
          where: { id, deployKeyCiphertext: old },
          data: { deployKeyCiphertext: next.ciphertext, deployKeyKeyVersion: next.keyVersion },
        })
      ).count,
  },
  {
    name: "projects.webhook_secret_ciphertext",
    list: async (db, afterId, take) =>
      (
        await db.project.findMany({
          ...page,
          take,
          where: { ...after(afterId), webhookSecretCiphertext: { not: null } },
          select: { id: true, webhookSecretCiphertext: true },
        })
      ).map((row) => ({ id: row.id, ciphertext: row.webhookSecretCiphertext! })),
    replace: async (db, id, old, next) =>
      (
        await db.project.updateMany({
          where: { id, webhookSecretCiphertext: old },
          data: {
            webhookSecretCiphertext: next.ciphertext,
            webhookSecretKeyVersion: next.keyVersion,
          },
        })
      ).count,
  },
  ...(["access_token", "refresh_token", "id_token"] as const).map(
    (field): SecretColumn => ({
      name: `accounts.${field}`,
      list: async (db, afterId, take) =>
        (
          await db.account.findMany({
            ...page,
            take,
            where: { ...after(afterId), [field]: ENCRYPTED },
            select: { id: true, access_token: true, refresh_token: true, id_token: true },
          })
        ).map((row) => ({ id: row.id, ciphertext: row[field]! })),
      replace: async (db, id, old, next) =>
        (
          await db.account.updateMany({
            where: { id, [field]: old },
            data: { [field]: next.ciphertext },
          })
        ).count,
    }),
  ),
];

/**
 * Rewraps every stored secret that is not under the cipher's current backend and key
 * version, a page at a time, while the apps keep running: each row is swapped only if it
 * still holds the ciphertext that was read, so a value saved meanwhile is never overwritten.
 */
export async function rewrapStoredSecrets(
  db: Db,
  cipher: RotatableSecretCipher,
  { pageSize = 200 }: { pageSize?: number } = {},
): Promise<TColumnReport[]> {
  const reports: TColumnReport[] = [];
  for (const column of COLUMNS) {
    const report: TColumnReport = {
      column: column.name,
      rewrapped: 0,
      alreadyCurrent: 0,
      failed: [],
    };
    let afterId = "";
    for (;;) {
      const rows = await column.list(db, afterId, pageSize);
      for (const row of rows) {
        if (await cipher.isCurrent(row.ciphertext)) {
          report.alreadyCurrent += 1;
          continue;
        }
        try {
          const next = await cipher.rewrap(row.ciphertext);
          // Zero rows: it was edited meanwhile, so it is already under the current key.
          if ((await column.replace(db, row.id, row.ciphertext, next)) === 1) report.rewrapped += 1;
          else report.alreadyCurrent += 1;
        } catch {
          report.failed.push(row.id);
        }
      }
      if (rows.length < pageSize) break;
      afterId = rows.at(-1)!.id;
    }
    reports.push(report);
  }
  return reports;
}
