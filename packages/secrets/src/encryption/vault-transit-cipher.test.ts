import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DecryptionError, SecretsBackendError } from "./cipher.ts";
import { VaultTransitCipher } from "./vault-transit-cipher.ts";
import { VaultTransitStandIn } from "./vault-transit-stand-in.ts";

describe("VaultTransitCipher against a stand-in checking Vault's documented shapes", () => {
  const vault = new VaultTransitStandIn();
  let address = "";
  beforeAll(async () => {
    address = await vault.start();
  });
  afterAll(() => vault.stop());

  it("creates the aes256-gcm96 key when missing, then round-trips through transit", async () => {
    const cipher = new VaultTransitCipher({ address, token: "s.test-token", keyName: "created" });
    const { ciphertext, keyVersion } = await cipher.encrypt("deploy key ✓");
    expect(keyVersion).toBe(1);
    expect(ciphertext).toMatch(/^cairn:vault:v1:/);
    await expect(cipher.decrypt(ciphertext)).resolves.toBe("deploy key ✓");
    const seen = vault.requests.filter((request) => request.path.includes("/created"));
    expect(seen.map((request) => `${request.method} ${request.path}`)).toEqual([
      "GET /v1/transit/keys/created",
      "POST /v1/transit/keys/created",
      "POST /v1/transit/encrypt/created",
      "POST /v1/transit/decrypt/created",
    ]);
    expect(seen[1]!.body).toEqual({ type: "aes256-gcm96" });
    expect(seen[2]!.body).toEqual({ plaintext: Buffer.from("deploy key ✓").toString("base64") });
    expect(seen[3]!.body).toEqual({ ciphertext: ciphertext.replace(/^cairn:/, "") });
    expect(seen.every((request) => request.token === "s.test-token")).toBe(true);
  });

  it("rotates the transit key and rewraps old ciphertexts, which keep decrypting meanwhile", async () => {
    const cipher = new VaultTransitCipher({ address, token: "s.test-token", keyName: "rotated" });
    const old = await cipher.encrypt("webhook secret");
    await expect(cipher.rotateKey()).resolves.toBe(2);
    expect(await cipher.isCurrent(old.ciphertext)).toBe(false);
    await expect(cipher.decrypt(old.ciphertext)).resolves.toBe("webhook secret");
    const next = await cipher.rewrap(old.ciphertext);
    expect(next.keyVersion).toBe(2);
    expect(await cipher.isCurrent(next.ciphertext)).toBe(true);
    await expect(cipher.decrypt(next.ciphertext)).resolves.toBe("webhook secret");
    const rewrap = vault.requests.find((request) => request.path === "/v1/transit/rewrap/rotated");
    expect(rewrap?.body).toEqual({ ciphertext: old.ciphertext.replace(/^cairn:/, "") });
    expect(vault.requests.some((r) => r.path === "/v1/transit/keys/rotated/rotate")).toBe(true);
  });

  it("logs in with AppRole and uses the token it gets", async () => {
    const cipher = new VaultTransitCipher({
      address,
      roleId: "role-1",
      secretId: "secret-1",
      keyName: "approle",
    });
    const { ciphertext } = await cipher.encrypt("token");
    await expect(cipher.decrypt(ciphertext)).resolves.toBe("token");
    const login = vault.requests.find((request) => request.path === "/v1/auth/approle/login");
    expect(login?.body).toEqual({ role_id: "role-1", secret_id: "secret-1" });
  });

  it("fails closed on a tampered ciphertext, with Vault's reason and no value", async () => {
    const cipher = new VaultTransitCipher({ address, token: "s.test-token", keyName: "created" });
    const { ciphertext } = await cipher.encrypt("do-not-show-me");
    const tampered = `${ciphertext.slice(0, -6)}AAAA${ciphertext.slice(-2)}`;
    const error = await cipher.decrypt(tampered).catch((caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(DecryptionError);
    expect((error as Error).message).toContain("message authentication failed");
    expect((error as Error).message).not.toContain("do-not-show-me");
    await expect(cipher.decrypt("cairn:local:v1:a:b:c")).rejects.toThrow(DecryptionError);
  });

  it("turns a refused token into a clear message", async () => {
    const cipher = new VaultTransitCipher({ address, token: "wrong", keyName: "created" });
    await expect(cipher.encrypt("x")).rejects.toThrow(
      /^Vault read key failed with HTTP 403: permission denied — check the token/,
    );
  });

  it("refuses to encrypt while Vault is unreachable, naming the address", async () => {
    const closed = await freePort();
    const cipher = new VaultTransitCipher({
      address: `http://127.0.0.1:${closed}`,
      token: "s.test-token",
      timeoutMs: 2000,
    });
    const error = await cipher.encrypt("secret-value").catch((caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(SecretsBackendError);
    expect((error as Error).message).toBe(
      `Vault at http://127.0.0.1:${closed} is unreachable (read key: ECONNREFUSED)`,
    );
  });

  it("needs a token or an AppRole pair, and a safe key name", () => {
    expect(() => new VaultTransitCipher({ address })).toThrow("VAULT_TOKEN, or VAULT_ROLE_ID");
    expect(() => new VaultTransitCipher({ address, token: "t", keyName: "../sys" })).toThrow(
      "VAULT_TRANSIT_KEY",
    );
  });
});

/** A port nothing listens on: bound once to learn a free number, then released. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
