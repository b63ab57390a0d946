import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";

/** Cairn's database client: the generated Prisma client on the `pg` driver adapter. */
export type Db = PrismaClient;

export interface CreateDbOptions {
  /** Most connections the pool opens (pg's default is 10). */
  maxConnections?: number;
  /** Prisma's log levels to print, e.g. `["query"]` while debugging. Errors are thrown
   * either way; logging them too would print every expected unique violation. */
  log?: ("query" | "info" | "warn" | "error")[];
  /** Called when an idle pooled connection fails (e.g. PostgreSQL restarted). */
  onPoolError?: (error: Error) => void;
}

/**
 * Builds a new client for `databaseUrl`. Apps use {@link getDb} (one client per process);
 * this is for code that needs its own database, such as tests. It connects on first query;
 * `await db.$disconnect()` closes its pool.
 */
export function createDb(databaseUrl: string, options: CreateDbOptions = {}): Db {
  const adapter = new PrismaPg(
    { connectionString: databaseUrl, max: options.maxConnections },
    { onPoolError: options.onPoolError },
  );
  return new PrismaClient({ adapter, log: options.log ?? ["warn"] });
}

// Kept on globalThis, not in a module variable, so that a development server that reloads
// modules (Next.js) keeps using one pool instead of opening a new one per reload.
const cache = globalThis as unknown as { __cairnDb?: { url: string; db: Db } };

/**
 * The process's one client, created on first call from the DATABASE_URL that the app's
 * env module parsed (`getDb(env.DATABASE_URL)`). Asking for another URL in the same
 * process is a bug and throws.
 */
export function getDb(databaseUrl: string, options?: CreateDbOptions): Db {
  const cached = cache.__cairnDb;
  if (cached) {
    if (cached.url !== databaseUrl) {
      throw new Error(
        "getDb() was already called with another database URL: a process has one database client. Use createDb() for a second one.",
      );
    }
    return cached.db;
  }
  const db = createDb(databaseUrl, options);
  cache.__cairnDb = { url: databaseUrl, db };
  return db;
}

/** Closes the process's client (graceful shutdown); a later getDb() makes a new one. */
export async function disconnectDb(): Promise<void> {
  const cached = cache.__cairnDb;
  cache.__cairnDb = undefined;
  await cached?.db.$disconnect();
}
