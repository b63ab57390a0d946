import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { createSecretCipher } from "@cairn/secrets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../command.ts";
import { rotate } from "./secrets.ts";

function capture(): CliIO & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    cwd: process.cwd(),
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
  };
  return io;
}

describe("cairn secrets rotate", () => {
  let database: TestDatabase;
  const dir = mkdtempSync(join(tmpdir(), "cairn-cli-secrets-"));
  const keyFile = join(dir, "master.key");

  beforeAll(async () => {
    writeFileSync(keyFile, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
    database = await createTestDatabase(
      requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL),
    );
    const org = await database.db.organization.create({ data: { name: "Acme", slug: "acme" } });
    const project = await database.db.project.create({
      data: {
        organizationId: org.id,
        provider: "git",
        repoUrl: "r",
        owner: "acme",
        name: "a",
        slug: "git/acme/a",
      },
    });
    const secret = await createSecretCipher({ CAIRN_MASTER_KEY_FILE: keyFile }).encrypt(
      "s3cret-value",
    );
    await database.db.envVar.create({
      data: { projectId: project.id, name: "TOKEN", ...secret, last4: "alue" },
    });
  });

  afterAll(async () => {
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("makes a new key version, rewraps, retires the old key, and never prints a value", async () => {
    const io = capture();
    const env = { DATABASE_URL: database.url, CAIRN_MASTER_KEY_FILE: keyFile };
    await expect(rotate(["--retire-old-keys"], io, env)).resolves.toBe(0);
    expect(io.out).toContain("new key version: 2\n");
    expect(io.out).toContain("env_vars.ciphertext: 1 rewrapped, 0 already current\n");
    expect(io.out).toContain(`kept version 2`);
    expect(io.out + io.err).not.toContain("s3cret-value");
    expect(readFileSync(keyFile, "utf8")).toMatch(/^2:[A-Za-z0-9+/=]+\n$/);
    const row = await database.db.envVar.findFirstOrThrow();
    expect(row.keyVersion).toBe(2);
    await expect(createSecretCipher(env).decrypt(row.ciphertext)).resolves.toBe("s3cret-value");
  });

  it("explains bad usage and settings with exit code 2, and an unreachable Vault with 1", async () => {
    const io = capture();
    await expect(rotate(["--now"], io, { DATABASE_URL: database.url })).resolves.toBe(2);
    expect(io.err).toContain("Unknown option '--now'");
    await expect(rotate([], io, {})).resolves.toBe(2);
    expect(io.err).toContain("DATABASE_URL is not set");
    const vault = capture();
    const env = {
      DATABASE_URL: database.url,
      CAIRN_SECRETS_BACKEND: "vault" as const,
      VAULT_ADDR: "http://127.0.0.1:9",
      VAULT_TOKEN: "t",
    };
    await expect(rotate([], vault, env)).resolves.toBe(1);
    expect(vault.err).toBe(
      "cairn secrets rotate: Vault at http://127.0.0.1:9 is unreachable (read key: ECONNREFUSED)\n",
    );
  });
});
