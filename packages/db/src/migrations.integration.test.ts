import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createEmptyDatabase,
  diffMigrationsToSchema,
  migrateDeploy,
  requireTestDatabaseUrl,
} from "./testing.ts";

const adminUrl = requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL);

describe("prisma/migrations", () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  beforeAll(async () => {
    database = await createEmptyDatabase(adminUrl);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("apply to an empty database with prisma migrate deploy, and a second deploy does nothing", async () => {
    const first = await migrateDeploy(database.url);
    expect(first).toContain("All migrations have been successfully applied.");

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
      );
      const tables = rows.map((row) => row.table_name);
      for (const table of [
        "users",
        "projects",
        "pipelines",
        "workflows",
        "jobs",
        "steps",
        "log_chunks",
        "webhook_deliveries",
        "audit_events",
        "_prisma_migrations",
      ]) {
        expect(tables).toContain(table);
      }
      const applied = await client.query(
        "SELECT 1 FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
      );
      expect(applied.rowCount).toBeGreaterThan(0);
    } finally {
      await client.end();
    }

    const second = await migrateDeploy(database.url);
    expect(second).toContain("No pending migrations to apply.");
  });

  it("match prisma/schema.prisma (a schema change without its migration fails here)", async () => {
    const diff = await diffMigrationsToSchema(adminUrl);
    expect(diff, "write the missing migration: see packages/db/README.md").toBe(
      "-- This is an empty migration.",
    );
  });
});
