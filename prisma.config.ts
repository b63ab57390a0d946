// Prisma CLI configuration (generate, migrate deploy, migrate diff); see
// packages/db/README.md. The Rust schema engine cannot be downloaded on our machines, so
// the CLI runs on Prisma's JS engine through a pg driver adapter. The application never
// reads this file: it builds its client with @cairn/db's getDb(DATABASE_URL).
import { createMigrationAdapter } from "@cairn/db/migration-adapter";
import { defineConfig } from "prisma/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    const databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      throw new Error(
        "DATABASE_URL is not set: the Prisma CLI connects through it (migrate deploy; migrate diff uses it for a temporary shadow database), e.g. postgresql://cairn:cairn@127.0.0.1:5432/cairn_dev",
      );
    }
    return createMigrationAdapter(databaseUrl);
  },
});
