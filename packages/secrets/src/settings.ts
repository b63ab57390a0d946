import { z } from "zod";

/**
 * The secrets settings every app that encrypts or decrypts reads (web, worker, CLI), as a
 * zod shape to spread into the app's own env schema.
 */
export const secretsSettingsShape = {
  /** `local` (envelope encryption under the master key) or `vault` (Vault's transit engine). */
  CAIRN_SECRETS_BACKEND: z.enum(["local", "vault"]).default("local"),
  /** Local master key: base64 of 32 bytes, or `<version>:<base64>` entries after a rotation. */
  CAIRN_MASTER_KEY: z.string().min(40, { message: "must be base64 of 32 random bytes" }).optional(),
  /** File holding the master key (default $XDG_CONFIG_HOME/cairn/master.key); instead of CAIRN_MASTER_KEY. */
  CAIRN_MASTER_KEY_FILE: z.string().optional(),
  VAULT_ADDR: z.url().optional(),
  VAULT_TOKEN: z.string().optional(),
  VAULT_ROLE_ID: z.string().optional(),
  VAULT_SECRET_ID: z.string().optional(),
  VAULT_TRANSIT_MOUNT: z.string().default("transit"),
  VAULT_TRANSIT_KEY: z.string().default("cairn"),
};
