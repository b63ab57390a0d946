import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DecryptionError } from "./cipher.ts";
import { createSecretCipher, defaultMasterKeyFile } from "./create-secret-cipher.ts";
import { VaultTransitStandIn } from "./vault-transit-stand-in.ts";

describe("createSecretCipher", () => {
  const dir = mkdtempSync(join(tmpdir(), "cairn-cipher-"));
  const keyFile = join(dir, "master.key");
  const masterKey = randomBytes(32).toString("base64");
  const noDefault = join(dir, "absent", "master.key");
  const vault = new VaultTransitStandIn();
  let address = "";
  beforeAll(async () => {
    writeFileSync(keyFile, `1:${masterKey}\n`, { mode: 0o600 });
    address = await vault.start();
  });
  afterAll(async () => {
    await vault.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("defaults to local, reading the key from CAIRN_MASTER_KEY or CAIRN_MASTER_KEY_FILE alike", async () => {
    const fromEnv = createSecretCipher({ CAIRN_MASTER_KEY: masterKey }, noDefault);
    const fromFile = createSecretCipher({ CAIRN_MASTER_KEY_FILE: keyFile }, noDefault);
    const { ciphertext } = await fromEnv.encrypt("same key");
    expect(ciphertext).toMatch(/^cairn:local:v1:/);
    await expect(fromFile.decrypt(ciphertext)).resolves.toBe("same key");
    await expect(createSecretCipher({}, keyFile).decrypt(ciphertext)).resolves.toBe("same key");
  });

  it("explains missing or conflicting settings", () => {
    expect(() => createSecretCipher({}, noDefault)).toThrow(
      `no master key: set CAIRN_MASTER_KEY or CAIRN_MASTER_KEY_FILE (npm start creates ${noDefault})`,
    );
    expect(() =>
      createSecretCipher({ CAIRN_MASTER_KEY: masterKey, CAIRN_MASTER_KEY_FILE: keyFile }),
    ).toThrow("not both");
    expect(() => createSecretCipher({ CAIRN_SECRETS_BACKEND: "vault" }, noDefault)).toThrow(
      "needs VAULT_ADDR",
    );
    expect(() => createSecretCipher({ CAIRN_MASTER_KEY_FILE: noDefault })).toThrow(
      `cannot read the master key file ${noDefault}: ENOENT`,
    );
  });

  it("with vault, writes through transit yet reads and rewraps local rows", async () => {
    const local = createSecretCipher({ CAIRN_MASTER_KEY: masterKey }, noDefault);
    const { ciphertext: localRow } = await local.encrypt("before the switch");
    const cipher = createSecretCipher(
      {
        CAIRN_SECRETS_BACKEND: "vault",
        VAULT_ADDR: address,
        VAULT_TOKEN: "s.test-token",
        CAIRN_MASTER_KEY: masterKey,
      },
      noDefault,
    );
    await expect(cipher.decrypt(localRow)).resolves.toBe("before the switch");
    expect(await cipher.isCurrent(localRow)).toBe(false);
    const moved = await cipher.rewrap(localRow);
    expect(moved.ciphertext).toMatch(/^cairn:vault:v1:/);
    expect(await cipher.isCurrent(moved.ciphertext)).toBe(true);
    await expect(cipher.decrypt(moved.ciphertext)).resolves.toBe("before the switch");
    await expect(local.decrypt(moved.ciphertext)).rejects.toThrow(
      new DecryptionError(
        "the vault secrets backend is not configured, so this secret cannot be read",
      ),
    );
  });

  it("puts the default key file under XDG_CONFIG_HOME when set", () => {
    expect(defaultMasterKeyFile("/srv/config")).toBe("/srv/config/cairn/master.key");
    expect(defaultMasterKeyFile()).toMatch(/\.config\/cairn\/master\.key$/);
  });
});
