// Database chores of the launcher: migrations, throwaway databases, sign-in links.
import { join } from "node:path";
import { withDatabase } from "./postgres.mjs";
import { mustRun, run } from "./shell.mjs";

export async function migrate(root, databaseUrl) {
  await mustRun("database migrations", "npm", ["run", "-s", "migrate:deploy", "-w", "@cairn/db"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1" },
  });
}

/** Drops and creates a database next to `databaseUrl`, returning its URL. */
export async function recreateDatabase(databaseUrl, name) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: withDatabase(databaseUrl, "postgres") });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return withDatabase(databaseUrl, name);
}

/** A one-time sign-in link for the local administrator of the Cairn at `webUrl`. */
export function createSignInLink(root, databaseUrl, webUrl) {
  const script = join(root, "infra/local/sign-in-link.ts");
  const result = run(process.execPath, ["--import", "tsx", script], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, CAIRN_URL: webUrl },
  });
  if (!result.ok) throw new Error(`creating the sign-in link failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}
