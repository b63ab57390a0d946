import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DecryptionError } from "./cipher.ts";
import { VaultTransitCipher } from "./vault-transit-cipher.ts";

const address = process.env.VAULT_ADDR;
const reason = address
  ? `against the Vault at VAULT_ADDR`
  : "against a real Vault — skipped: VAULT_ADDR is not set (with VAULT_TOKEN and a transit mount, this runs)";

describe.skipIf(!address)(`VaultTransitCipher ${reason}`, () => {
  const settings = () => ({
    address: address!,
    token: process.env.VAULT_TOKEN,
    roleId: process.env.VAULT_ROLE_ID,
    secretId: process.env.VAULT_SECRET_ID,
    mount: process.env.VAULT_TRANSIT_MOUNT,
    // A key of its own per run, so runs never share versions.
    keyName: `cairn-test-${randomBytes(4).toString("hex")}`,
  });

  it("creates the key, round-trips, rotates and rewraps", async () => {
    const cipher = new VaultTransitCipher(settings());
    const old = await cipher.encrypt("real vault ✓");
    expect(old.ciphertext).toMatch(/^cairn:vault:v1:/);
    await expect(cipher.decrypt(old.ciphertext)).resolves.toBe("real vault ✓");
    await expect(cipher.rotateKey()).resolves.toBe(2);
    const next = await cipher.rewrap(old.ciphertext);
    expect(next.keyVersion).toBe(2);
    await expect(cipher.decrypt(next.ciphertext)).resolves.toBe("real vault ✓");
    await expect(cipher.decrypt(`${old.ciphertext.slice(0, -4)}AAA=`)).rejects.toThrow(
      DecryptionError,
    );
  });
});
