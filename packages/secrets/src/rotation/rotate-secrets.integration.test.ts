import { execFile } from "node:child_process";
import { createCipheriv, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecretCipher } from "../encryption/create-secret-cipher.ts";
import { FileMasterKeySource } from "../encryption/master-keyring.ts";
import { rotateSecrets } from "./rotate-secrets.ts";

const run = promisify(execFile);
const adminUrl = requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL);

/** The direct form written before envelope encryption, still found in existing databases. */
function directForm(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `cairn:local:v1:${[iv, cipher.getAuthTag(), data].map((p) => p.toString("base64")).join(":")}`;
}

describe("rotateSecrets over a real database", () => {
  let database: TestDatabase;
  const dir = mkdtempSync(join(tmpdir(), "cairn-rotate-"));
  const keyFile = join(dir, "master.key");
  const firstKey = randomBytes(32);
  const values = {
    envV1: "env-value-under-v1-7f3a",
    envLegacy: "env-value-legacy-form-91c2",
    envV2: "env-value-under-v2-44de",
    contextV1: "context-value-v1-0b8e",
    deployKey: "-----BEGIN OPENSSH PRIVATE KEY-----deploy-5d21",
    webhook: "webhook-secret-legacy-e6f0",
    vcsToken: "gho_vcs-token-under-v2-a1b9",
  };

  beforeAll(async () => {
    writeFileSync(keyFile, `${firstKey.toString("base64")}\n`, { mode: 0o600 });
    database = await createTestDatabase(adminUrl);
    const { db } = database;
    const v1 = createSecretCipher({ CAIRN_MASTER_KEY_FILE: keyFile });
    const org = await db.organization.create({ data: { name: "Acme", slug: "acme" } });
    const deployKey = await v1.encrypt(values.deployKey);
    const project = await db.project.create({
      data: {
        organizationId: org.id,
        provider: "git",
        repoUrl: "git@example.com:acme/app.git",
        owner: "acme",
        name: "app",
        slug: "git/acme/app",
        deployKeyCiphertext: deployKey.ciphertext,
        deployKeyKeyVersion: deployKey.keyVersion,
        webhookSecretCiphertext: directForm(firstKey, values.webhook),
        webhookSecretKeyVersion: 1,
      },
    });
    const context = await db.context.create({ data: { organizationId: org.id, name: "deploy" } });
    const row = async (name: string, value: string, ciphertext?: string) => {
      const encrypted = ciphertext
        ? { ciphertext, keyVersion: 1 }
        : await createSecretCipher({ CAIRN_MASTER_KEY_FILE: keyFile }).encrypt(value);
      return { name, ...encrypted, last4: value.slice(-4) };
    };
    await db.envVar.create({ data: { projectId: project.id, ...(await row("V1", values.envV1)) } });
    await db.envVar.create({
      data: {
        projectId: project.id,
        ...(await row("LEGACY", values.envLegacy, directForm(firstKey, values.envLegacy))),
      },
    });
    await db.contextEnvVar.create({
      data: { contextId: context.id, ...(await row("CTX", values.contextV1)) },
    });
    // A second key version arrives; some secrets are written under it before the rewrap.
    await expect(v1.rotateKey()).resolves.toBe(2);
    await db.envVar.create({ data: { projectId: project.id, ...(await row("V2", values.envV2)) } });
    const user = await db.user.create({ data: { email: "dev@example.com" } });
    await db.account.create({
      data: {
        userId: user.id,
        type: "oauth",
        provider: "github",
        providerAccountId: "1",
        access_token: (await v1.encrypt(values.vcsToken)).ciphertext,
        token_type: "bearer",
      },
    });
  });

  afterAll(async () => {
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a dump of the database holds none of the secret values", async () => {
    const { stdout } = await run("pg_dump", ["--data-only", database.url], {
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(stdout).toContain("cairn:local:v1:");
    for (const value of Object.values(values)) expect(stdout).not.toContain(value);
  });

  it("rewraps secrets of several versions to a new one, readable without the old keys", async () => {
    const { db } = database;
    const cipher = createSecretCipher({ CAIRN_MASTER_KEY_FILE: keyFile });
    const report = await rotateSecrets(db, cipher);
    expect(report.keyVersion).toBe(3);
    expect(report.failed).toBe(0);
    const counts = Object.fromEntries(report.columns.map((c) => [c.column, c.rewrapped]));
    expect(counts).toMatchObject({
      "env_vars.ciphertext": 3,
      "context_env_vars.ciphertext": 1,
      "projects.deploy_key_ciphertext": 1,
      "projects.webhook_secret_ciphertext": 1,
      "accounts.access_token": 1,
    });

    new FileMasterKeySource(keyFile).retireOlderVersions();
    const onlyV3 = createSecretCipher({ CAIRN_MASTER_KEY_FILE: keyFile });
    const envVars = await db.envVar.findMany({ orderBy: { name: "asc" } });
    expect(envVars.map((v) => v.keyVersion)).toEqual([3, 3, 3]);
    expect(await Promise.all(envVars.map((v) => onlyV3.decrypt(v.ciphertext)))).toEqual([
      values.envLegacy,
      values.envV1,
      values.envV2,
    ]);
    const context = await db.contextEnvVar.findFirstOrThrow();
    expect(context.keyVersion).toBe(3);
    await expect(onlyV3.decrypt(context.ciphertext)).resolves.toBe(values.contextV1);
    const project = await db.project.findFirstOrThrow();
    expect([project.deployKeyKeyVersion, project.webhookSecretKeyVersion]).toEqual([3, 3]);
    await expect(onlyV3.decrypt(project.deployKeyCiphertext!)).resolves.toBe(values.deployKey);
    await expect(onlyV3.decrypt(project.webhookSecretCiphertext!)).resolves.toBe(values.webhook);
    const account = await db.account.findFirstOrThrow();
    await expect(onlyV3.decrypt(account.access_token!)).resolves.toBe(values.vcsToken);

    const again = await rotateSecrets(db, onlyV3, { rewrapOnly: true });
    expect(again.columns.every((c) => c.rewrapped === 0)).toBe(true);
    expect(again.columns.find((c) => c.column === "env_vars.ciphertext")?.alreadyCurrent).toBe(3);
  });

  it("reports rows it cannot read by id, and leaves them as they were", async () => {
    const { db } = database;
    const broken = await db.envVar.update({
      where: {
        projectId_name: { projectId: (await db.project.findFirstOrThrow()).id, name: "V1" },
      },
      data: { ciphertext: directForm(randomBytes(32), "unreadable") },
    });
    const report = await rotateSecrets(db, createSecretCipher({ CAIRN_MASTER_KEY_FILE: keyFile }));
    expect(report.failed).toBe(1);
    expect(report.columns.find((c) => c.column === "env_vars.ciphertext")?.failed).toEqual([
      broken.id,
    ]);
    const after = await db.envVar.findUniqueOrThrow({ where: { id: broken.id } });
    expect(after.ciphertext).toBe(broken.ciphertext);
  });
});
