import type { Db } from "@cairn/db";
import type { RotatableSecretCipher } from "../encryption/cipher.ts";
import { rewrapStoredSecrets, type TColumnReport } from "./rewrap-stored-secrets.ts";

export interface TRotationReport {
  /** The key version every stored secret is now under (when nothing failed). */
  keyVersion: number | undefined;
  columns: TColumnReport[];
  failed: number;
}

/**
 * `cairn secrets rotate`: makes a new key version (unless `rewrapOnly`, e.g. after the key
 * was added to CAIRN_MASTER_KEY by hand or rotated in Vault), then rewraps every stored
 * secret to it. Old versions keep decrypting throughout, so the apps keep running.
 */
export async function rotateSecrets(
  db: Db,
  cipher: RotatableSecretCipher,
  { rewrapOnly = false }: { rewrapOnly?: boolean } = {},
): Promise<TRotationReport> {
  const keyVersion = rewrapOnly ? undefined : await cipher.rotateKey();
  const columns = await rewrapStoredSecrets(db, cipher);
  return {
    keyVersion,
    columns,
    failed: columns.reduce((sum, column) => sum + column.failed.length, 0),
  };
}
