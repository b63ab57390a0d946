import pg from "pg";
import { describe, expect, it } from "vitest";
import { createTestDatabase, requireTestDatabaseUrl } from "./testing.ts";

const adminUrl = requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL);

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    return rowCount === 1;
  } finally {
    await client.end();
  }
}

describe("createTestDatabase", () => {
  it("gives concurrent callers separate, migrated databases and drops them", async () => {
    const databases = await Promise.all(
      Array.from({ length: 4 }, () => createTestDatabase(adminUrl)),
    );
    try {
      expect(new Set(databases.map((database) => database.name)).size).toBe(4);
      for (const database of databases) {
        expect(await database.db.user.count()).toBe(0);
      }
      // Separate: a row written in one is not in another.
      await databases[0]!.db.user.create({ data: { email: "a@example.com" } });
      expect(await databases[1]!.db.user.count()).toBe(0);
    } finally {
      await Promise.all(databases.map((database) => database.drop()));
    }
    for (const database of databases) {
      expect(await databaseExists(database.name)).toBe(false);
    }
  });
});
