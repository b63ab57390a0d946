import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { type RotatableSecretCipher, SecretsBackendError } from "./cipher.ts";
import { LocalSecretCipher } from "./local-cipher.ts";
import {
  FileMasterKeySource,
  type MasterKeySource,
  StaticMasterKeySource,
} from "./master-keyring.ts";
import { MultiBackendCipher } from "./multi-backend-cipher.ts";
import { type TVaultSettings, VaultTransitCipher } from "./vault-transit-cipher.ts";

/** The settings of the environment variables of the same names (see the README). */
export interface TSecretsSettings {
  CAIRN_SECRETS_BACKEND?: "local" | "vault" | undefined;
  CAIRN_MASTER_KEY?: string | undefined;
  CAIRN_MASTER_KEY_FILE?: string | undefined;
  VAULT_ADDR?: string | undefined;
  VAULT_TOKEN?: string | undefined;
  VAULT_ROLE_ID?: string | undefined;
  VAULT_SECRET_ID?: string | undefined;
  VAULT_TRANSIT_MOUNT?: string | undefined;
  VAULT_TRANSIT_KEY?: string | undefined;
}

/** `$XDG_CONFIG_HOME/cairn/master.key`, else `~/.config/cairn/master.key`. */
export function defaultMasterKeyFile(xdgConfigHome?: string): string {
  return join(xdgConfigHome || join(homedir(), ".config"), "cairn", "master.key");
}

/**
 * The cipher the settings ask for: `local` (default) with the master key of CAIRN_MASTER_KEY
 * or of the file CAIRN_MASTER_KEY_FILE (default file when neither is set), or `vault`.
 * With `vault`, local ciphertexts still decrypt while a local key is configured.
 */
export function createSecretCipher(
  settings: TSecretsSettings,
  defaultKeyFile = defaultMasterKeyFile(),
): RotatableSecretCipher {
  const backend = settings.CAIRN_SECRETS_BACKEND ?? "local";
  const keySource = masterKeySource(settings, defaultKeyFile, backend === "local");
  const local = keySource && LocalSecretCipher.fromSource(keySource);
  if (backend === "local") {
    return new MultiBackendCipher("cairn:local:", local!, new Map());
  }
  if (!settings.VAULT_ADDR)
    throw new SecretsBackendError("CAIRN_SECRETS_BACKEND=vault needs VAULT_ADDR");
  const vault = new VaultTransitCipher(vaultSettings(settings));
  return new MultiBackendCipher(
    "cairn:vault:",
    vault,
    new Map(local ? [["cairn:local:", local]] : []),
  );
}

function masterKeySource(
  settings: TSecretsSettings,
  defaultKeyFile: string,
  required: boolean,
): MasterKeySource | undefined {
  if (settings.CAIRN_MASTER_KEY && settings.CAIRN_MASTER_KEY_FILE)
    throw new SecretsBackendError("set CAIRN_MASTER_KEY or CAIRN_MASTER_KEY_FILE, not both");
  if (settings.CAIRN_MASTER_KEY) return new StaticMasterKeySource(settings.CAIRN_MASTER_KEY);
  if (settings.CAIRN_MASTER_KEY_FILE)
    return new FileMasterKeySource(settings.CAIRN_MASTER_KEY_FILE);
  if (existsSync(defaultKeyFile)) return new FileMasterKeySource(defaultKeyFile);
  if (!required) return undefined;
  throw new SecretsBackendError(
    `no master key: set CAIRN_MASTER_KEY or CAIRN_MASTER_KEY_FILE (npm start creates ${defaultKeyFile})`,
  );
}

/** The master key file the settings point at (none when the key is in CAIRN_MASTER_KEY). */
export function masterKeyFileOf(
  settings: TSecretsSettings,
  defaultKeyFile = defaultMasterKeyFile(),
): string | undefined {
  if (settings.CAIRN_MASTER_KEY) return undefined;
  if (settings.CAIRN_MASTER_KEY_FILE) return settings.CAIRN_MASTER_KEY_FILE;
  return existsSync(defaultKeyFile) ? defaultKeyFile : undefined;
}

function vaultSettings(settings: TSecretsSettings): TVaultSettings {
  return {
    address: settings.VAULT_ADDR!,
    token: settings.VAULT_TOKEN,
    roleId: settings.VAULT_ROLE_ID,
    secretId: settings.VAULT_SECRET_ID,
    mount: settings.VAULT_TRANSIT_MOUNT,
    keyName: settings.VAULT_TRANSIT_KEY,
  };
}
