// Test databases for integration tests: each test file gets its own fresh, migrated
// database, cloned in a fraction of a second from a template that is migrated once (and
// again only when prisma/migrations changes). See packages/db/README.md.
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { createDb, type Db } from "./client.ts";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const migrationsDir = fileURLToPath(new URL("../../../prisma/migrations/", import.meta.url));
const prismaConfig = fileURLToPath(new URL("../../../prisma.config.ts", import.meta.url));

const TEMPLATE_DATABASE = "cairn_test_template";
// Any fixed number; it names the lock that guards the template in pg_locks.
const TEMPLATE_LOCK_KEY = 724_113_901;
const OBJECT_IN_USE = "55006";
const INSUFFICIENT_PRIVILEGE = "42501";

export interface TestDatabase {
  /** Name of the new database. */
  name: string;
  /** Connection URL of the new database (the admin URL's credentials). */
  url: string;
  /** A client on it, made with createDb(). */
  db: Db;
  /** Disconnects `db` and drops the database. Safe to call twice. */
  drop(): Promise<void>;
}

/**
 * Reads the admin URL that integration tests need, failing with a clear message when it is
 * missing: `requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL)`.
 */
export function requireTestDatabaseUrl(value: string | undefined): string {
  if (!value) {
    throw new Error(
      "CAIRN_TEST_DATABASE_URL is not set. Integration tests need a PostgreSQL role that may " +
        "create databases, e.g. CAIRN_TEST_DATABASE_URL=postgresql://cairn:cairn@127.0.0.1:5432/postgres",
    );
  }
  return value;
}

/**
 * Creates a fresh database with every migration applied, cloned from `cairn_test_template`.
 * `adminUrl` names a role with CREATEDB and any database it can connect to (`postgres`).
 * Safe to call from many vitest workers at once.
 */
export async function createTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `cairn_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = await connect(adminUrl);
  try {
    await ensureTemplate(admin, adminUrl);
    await cloneTemplate(admin, name);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(adminUrl, name);
  const db = createDb(url, { maxConnections: 5 });
  let dropped = false;
  return {
    name,
    url,
    db,
    async drop() {
      if (dropped) return;
      dropped = true;
      await db.$disconnect();
      await dropDatabase(adminUrl, name);
    },
  };
}

/** Creates an empty database (no migrations), for tests of the migrations themselves. */
export async function createEmptyDatabase(
  adminUrl: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `cairn_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}_empty`;
  const admin = await connect(adminUrl);
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } finally {
    await admin.end();
  }
  return { name, url: databaseUrl(adminUrl, name), drop: () => dropDatabase(adminUrl, name) };
}

/**
 * Runs `prisma migrate deploy` (the same command production runs) against `databaseUrl`.
 * Resolves with the CLI's output; rejects with it when the CLI fails.
 */
export async function migrateDeploy(databaseUrl: string): Promise<string> {
  const { stdout, stderr } = await runPrismaCli(["migrate", "deploy"], databaseUrl);
  return `${stdout}${stderr}`;
}

/**
 * The SQL that would bring a database built by the committed migrations to
 * prisma/schema.prisma: only a comment when they agree. `databaseUrl` is only used to create
 * (and drop) a temporary shadow database, so it needs CREATEDB.
 */
export async function diffMigrationsToSchema(databaseUrl: string): Promise<string> {
  const { stdout } = await runPrismaCli(
    [
      "migrate",
      "diff",
      "--from-migrations",
      migrationsDir,
      "--to-schema-datamodel",
      `${repoRoot}prisma/schema.prisma`,
      "--script",
    ],
    databaseUrl,
  );
  return stdout.trim();
}

async function runPrismaCli(
  args: string[],
  databaseUrl: string,
): Promise<{ stdout: string; stderr: string }> {
  // The package's bin (package.json "bin": build/index.js), run with this Node.
  const prismaPackage = createRequire(import.meta.url).resolve("prisma/package.json");
  const prismaCli = join(dirname(prismaPackage), "build/index.js");
  try {
    return await promisify(execFile)(
      process.execPath,
      [prismaCli, ...args, "--config", prismaConfig],
      {
        cwd: repoRoot,
        // The CLI needs the rest of the environment (HOME, PATH); prisma.config.ts reads
        // DATABASE_URL from it.
        // biome-ignore lint/style/noProcessEnv: passes the environment on to a child process
        env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      },
    );
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`prisma ${args.slice(0, 2).join(" ")} failed:\n${stdout}${stderr}`, {
      cause: error,
    });
  }
}

/** A digest of prisma/migrations: the template is rebuilt when it changes. */
export async function migrationsDigest(): Promise<string> {
  const hash = createHash("sha256");
  const entries = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const entry of entries) {
    hash.update(entry);
    hash.update(await readFile(`${migrationsDir}${entry}/migration.sql`));
  }
  return hash.digest("hex").slice(0, 16);
}

// The template's COMMENT records the migrations digest it was built from. Building it takes
// the advisory lock exclusively; cloning takes it shared, so clones run in parallel but
// never while the template is being (re)built — PostgreSQL refuses to clone a database
// that has a connection open.
async function ensureTemplate(admin: pg.Client, adminUrl: string): Promise<void> {
  const digest = await migrationsDigest();
  const wanted = `cairn migrations ${digest}`;
  const current = async () => {
    const { rows } = await admin.query<{ comment: string | null }>(
      "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
      [TEMPLATE_DATABASE],
    );
    return rows[0]?.comment;
  };
  if ((await current()) === wanted) return;

  await admin.query("SELECT pg_advisory_lock($1)", [TEMPLATE_LOCK_KEY]);
  try {
    if ((await current()) === wanted) return; // another worker built it meanwhile
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(TEMPLATE_DATABASE)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${quoteIdent(TEMPLATE_DATABASE)}`);
    // Without the comment a half-built template is rebuilt next time.
    await migrateDeploy(databaseUrl(adminUrl, TEMPLATE_DATABASE));
    await admin.query(
      `COMMENT ON DATABASE ${quoteIdent(TEMPLATE_DATABASE)} IS ${quoteLiteral(wanted)}`,
    );
  } finally {
    await admin.query("SELECT pg_advisory_unlock($1)", [TEMPLATE_LOCK_KEY]);
  }
}

async function cloneTemplate(admin: pg.Client, name: string): Promise<void> {
  await admin.query("SELECT pg_advisory_lock_shared($1)", [TEMPLATE_LOCK_KEY]);
  try {
    // Someone may still hold a connection to the template (a psql session, or the
    // previous builder's last connection closing): retry for a few seconds.
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(
          `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(TEMPLATE_DATABASE)}`,
        );
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== OBJECT_IN_USE || attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await admin.query("SELECT pg_advisory_unlock_shared($1)", [TEMPLATE_LOCK_KEY]);
  }
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = await connect(adminUrl);
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
        return;
      } catch (error) {
        // A role without pg_signal_backend cannot end an autovacuum worker that is in the
        // database; the worker is gone a moment later.
        if ((error as { code?: string }).code !== INSUFFICIENT_PRIVILEGE || attempt >= 50)
          throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    await admin.end();
  }
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

function quoteIdent(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
