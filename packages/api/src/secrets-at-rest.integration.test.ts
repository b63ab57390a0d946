// Secrets entered through Cairn's services never reach the database in plaintext: a full
// pg_dump after creating project variables, context variables, a project (deploy key and
// webhook secret), a regenerated webhook secret and a fresh deploy key holds none of them,
// nor does any audit event that recorded those changes.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import type { Db, User } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { LocalSecretCipher } from "@cairn/secrets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setContextVariable } from "./contexts/context-variables.ts";
import { createContext } from "./contexts/contexts.ts";
import { upsertProjectEnvVar } from "./env-vars/project-env-vars.ts";
import { regenerateDeployKey } from "./project-settings/deploy-key.ts";
import { regenerateWebhookSecret } from "./project-settings/webhook.ts";
import { createGitProject } from "./projects/create-git-project.ts";
import type { Services } from "./services.ts";

const run = promisify(execFile);
let database: TestDatabase;
let db: Db;
let services: Services;
let admin: User;
const plaintexts: Record<string, string> = {};

/** The lines of a PEM/OpenSSH private key's body: any one of them in a dump would leak it. */
const keyBodyLines = (pem: string) =>
  pem.split("\n").filter((line) => line.length >= 40 && !line.startsWith("-----"));

beforeAll(async () => {
  database = await createTestDatabase(requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL));
  db = database.db;
  services = {
    db,
    cipher: new LocalSecretCipher(randomBytes(32)),
    dataDir: "/nonexistent",
    baseUrl: "http://cairn.test",
    orbCacheDir: "/nonexistent/orbs",
  };
  admin = await db.user.create({ data: { login: "root", email: "root@d.test", isAdmin: true } });
  const project = await createGitProject(services, admin, {
    provider: "git",
    url: "https://git.example.test/team/app.git",
    name: "app",
  });
  plaintexts.webhookSecret = project.webhook_secret;
  const row = await db.project.findUniqueOrThrow({ where: { id: project.id } });
  plaintexts.deployKey = await services.cipher.decrypt(row.deployKeyCiphertext!);

  plaintexts.projectVar = `project-${randomBytes(12).toString("hex")}`;
  await upsertProjectEnvVar(services, admin, project.slug, {
    name: "PROJECT_SECRET",
    value: plaintexts.projectVar,
  });
  const context = await createContext(services, admin, { name: "prod" });
  plaintexts.contextVar = `context-${randomBytes(12).toString("hex")}`;
  await setContextVariable(services, admin, context.id, "CONTEXT_SECRET", plaintexts.contextVar);
  plaintexts.newWebhookSecret = (
    await regenerateWebhookSecret(services, admin, project.slug)
  ).secret;
  await regenerateDeployKey(services, admin, project.slug);
  const rekeyed = await db.project.findUniqueOrThrow({ where: { id: project.id } });
  plaintexts.newDeployKey = await services.cipher.decrypt(rekeyed.deployKeyCiphertext!);
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe("secrets at rest", () => {
  it("a pg_dump of the database holds none of the secret values", async () => {
    const { stdout } = await run("pg_dump", ["--data-only", database.url], {
      maxBuffer: 64 * 1024 * 1024,
    });
    // The dump is real: it has the encrypted rows and the audit events of these changes.
    expect(stdout).toContain("cairn:local:");
    expect(stdout).toContain("CONTEXT_SECRET");
    expect(stdout).toContain("project.webhook_secret.regenerate");
    expect(stdout).toContain("context.env_var.create");
    for (const [name, value] of Object.entries(plaintexts)) {
      expect(value.length, name).toBeGreaterThan(10);
      expect(stdout.includes(value), name).toBe(false);
    }
    for (const key of [plaintexts.deployKey!, plaintexts.newDeployKey!]) {
      const lines = keyBodyLines(key);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(stdout.includes(line)).toBe(false);
    }
  });
});
