import createVaultClient from "node-vault";
import {
  DecryptionError,
  type RotatableSecretCipher,
  SecretsBackendError,
  type TEncrypted,
} from "./cipher.ts";

export interface TVaultSettings {
  /** VAULT_ADDR, e.g. `https://vault.example.com:8200`. */
  address: string;
  /** VAULT_TOKEN; or an AppRole login with roleId + secretId. */
  token?: string | undefined;
  roleId?: string | undefined;
  secretId?: string | undefined;
  /** Where the transit engine is mounted (VAULT_TRANSIT_MOUNT, default `transit`). */
  mount?: string | undefined;
  /** The transit key (VAULT_TRANSIT_KEY, default `cairn`); created as aes256-gcm96 if missing. */
  keyName?: string | undefined;
  /** Milliseconds before a Vault request is given up (default 10 s). */
  timeoutMs?: number | undefined;
}

const VAULT_FORM = /^vault:v(\d+):(.+)$/;
const STORED_FORM = /^cairn:vault:v(\d+):(.+)$/;

/**
 * Vault's transit engine encrypts, decrypts and rewraps; the key never leaves Vault.
 * Stored form: `cairn:vault:v<key version>:<Vault's ciphertext after "vault:v<n>:">`.
 * When Vault fails, every call throws SecretsBackendError: nothing is ever stored in clear.
 */
export class VaultTransitCipher implements RotatableSecretCipher {
  private readonly client: createVaultClient.client;
  private readonly mount: string;
  private readonly keyName: string;
  private ready: Promise<void> | undefined;
  private latestVersion: number | undefined;

  constructor(private readonly settings: TVaultSettings) {
    if (!settings.token && !(settings.roleId && settings.secretId)) {
      throw new SecretsBackendError(
        "the vault secrets backend needs VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID",
      );
    }
    this.mount = (settings.mount ?? "transit").replace(/^\/+|\/+$/g, "");
    this.keyName = settings.keyName ?? "cairn";
    // Both become URL path segments: no "..", no empty segment, nothing to escape.
    const segment = "[A-Za-z0-9_-][A-Za-z0-9_.-]*";
    if (!new RegExp(`^${segment}(/${segment})*$`).test(this.mount))
      throw new SecretsBackendError(
        "VAULT_TRANSIT_MOUNT must be a path of letters, digits, '_', '.', '-'",
      );
    if (!new RegExp(`^${segment}$`).test(this.keyName))
      throw new SecretsBackendError(
        "VAULT_TRANSIT_KEY may hold only letters, digits, '_', '.', '-'",
      );
    this.client = createVaultClient({
      endpoint: settings.address.replace(/\/+$/, ""),
      ...(settings.token ? { token: settings.token } : {}),
      requestOptions: { timeout: settings.timeoutMs ?? 10_000 },
    });
  }

  async encrypt(plaintext: string): Promise<TEncrypted> {
    const data = await this.call("encrypt", `encrypt/${this.keyName}`, {
      plaintext: Buffer.from(plaintext, "utf8").toString("base64"),
    });
    return toStored(data?.ciphertext);
  }

  async decrypt(ciphertext: string): Promise<string> {
    const data = await this.call("decrypt", `decrypt/${this.keyName}`, {
      ciphertext: toVault(ciphertext),
    });
    if (typeof data?.plaintext !== "string")
      throw new SecretsBackendError("Vault decrypt: the answer has no data.plaintext");
    return Buffer.from(data.plaintext, "base64").toString("utf8");
  }

  async isCurrent(ciphertext: string): Promise<boolean> {
    const match = STORED_FORM.exec(ciphertext);
    if (!match) return false;
    this.latestVersion ??= await this.readLatestVersion();
    return Number(match[1]) === this.latestVersion;
  }

  async rewrap(ciphertext: string): Promise<TEncrypted> {
    const data = await this.call("rewrap", `rewrap/${this.keyName}`, {
      ciphertext: toVault(ciphertext),
    });
    return toStored(data?.ciphertext);
  }

  async rotateKey(): Promise<number> {
    await this.call("rotate", `keys/${this.keyName}/rotate`, {});
    this.latestVersion = await this.readLatestVersion();
    return this.latestVersion;
  }

  private async readLatestVersion(): Promise<number> {
    await this.connect();
    const data = await this.request("read key", () =>
      this.client.read(`${this.mount}/keys/${this.keyName}`),
    );
    const version = data?.latest_version;
    if (!Number.isInteger(version))
      throw new SecretsBackendError("Vault read key: the answer has no data.latest_version");
    return version;
  }

  private async call(what: string, path: string, body: object): Promise<Record<string, unknown>> {
    await this.connect();
    return this.request(what, () => this.client.write(`${this.mount}/${path}`, body));
  }

  /** Logs in (AppRole) and makes sure the key exists, once; a failure is retried next call. */
  private connect(): Promise<void> {
    this.ready ??= this.prepare().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async prepare(): Promise<void> {
    if (!this.settings.token) {
      await this.request("AppRole login", () =>
        this.client.approleLogin({
          role_id: this.settings.roleId,
          secret_id: this.settings.secretId,
        }),
      );
    }
    const keyPath = `${this.mount}/keys/${this.keyName}`;
    try {
      await this.client.read(keyPath);
    } catch (error) {
      if (statusOf(error) !== 404) throw this.explain("read key", error);
      await this.request("create key", () => this.client.write(keyPath, { type: "aes256-gcm96" }));
    }
  }

  // biome-ignore lint/suspicious/noExplicitAny: node-vault answers untyped JSON
  private async request(what: string, send: () => Promise<any>): Promise<any> {
    try {
      const answer = await send();
      return answer?.data ?? answer;
    } catch (error) {
      throw this.explain(what, error);
    }
  }

  /** Vault's own error list, or the network failure, without the request body (the secret). */
  private explain(what: string, error: unknown): Error {
    const status = statusOf(error);
    if (status === undefined) {
      const code = (error as { code?: string }).code ?? (error as Error).message;
      return new SecretsBackendError(
        `Vault at ${this.settings.address} is unreachable (${what}: ${code})`,
      );
    }
    const body = (error as { response: { body?: { errors?: unknown } } }).response.body;
    const reasons = Array.isArray(body?.errors) ? body.errors.join("; ") : "";
    const hint = status === 403 ? " — check the token or AppRole and its policy" : "";
    const message = `Vault ${what} failed with HTTP ${status}${reasons ? `: ${reasons}` : ""}${hint}`;
    return status === 400 && what === "decrypt"
      ? new DecryptionError(message)
      : new SecretsBackendError(message);
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { response?: { statusCode?: unknown } }).response?.statusCode;
  return typeof status === "number" ? status : undefined;
}

function toStored(vaultCiphertext: unknown): TEncrypted {
  const match = typeof vaultCiphertext === "string" ? VAULT_FORM.exec(vaultCiphertext) : null;
  if (!match)
    throw new SecretsBackendError("Vault's answer has no data.ciphertext of form vault:v<n>:…");
  return { ciphertext: `cairn:vault:v${match[1]}:${match[2]}`, keyVersion: Number(match[1]) };
}

function toVault(stored: string): string {
  const match = STORED_FORM.exec(stored);
  if (!match) throw new DecryptionError("not a Vault transit ciphertext");
  return `vault:v${match[1]}:${match[2]}`;
}
