// The driver adapter that Prisma's CLI uses (prisma.config.ts): on these machines the CLI
// cannot download its Rust schema engine and runs migrations on the JS engine through it.
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { parseIntoClientConfig } from "pg-connection-string";

/**
 * A PrismaPg for `prisma migrate deploy` and `prisma migrate diff`, with two fixes over a
 * plain `new PrismaPg({ connectionString })` (adapter 7.10 with Prisma 6.19's JS schema
 * engine), both needed by `migrate diff --from-migrations`, which replays the migrations
 * into a temporary shadow database and reads its schema back:
 *  - the shadow database: PrismaPg's own points its pool at DATABASE_URL itself (pg lets a
 *    connectionString win over `database`) and drops it before closing that pool, which
 *    fails and leaves it behind;
 *  - reading the schema: the engine's catalog queries return PostgreSQL's internal
 *    `"char"` type (pg_class.relkind…), which the adapter rejects ("Column type 'char'
 *    could not be deserialized"); its values are one-character strings, so they are
 *    announced as text;
 *  - applying a migration: PrismaPg's executeScript splits the script at every `;`, even
 *    inside comments, strings and `$$` function bodies; PostgreSQL runs a whole script
 *    sent as one simple query, statement by statement, all or nothing.
 * Its pool also lets the process exit as soon as the command is done.
 */
export function createMigrationAdapter(databaseUrl: string): PrismaPg {
  return new MigrationPrismaPg(databaseUrl);
}

type ConnectedAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/** Makes the adapter send each script whole (see above). */
function withWholeScripts(adapter: ConnectedAdapter): ConnectedAdapter {
  const internals = adapter as unknown as {
    client: pg.Pool;
    onError(error: unknown): never;
  };
  adapter.executeScript = async (script: string) => {
    try {
      await internals.client.query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
  return adapter;
}

class MigrationPrismaPg extends PrismaPg {
  readonly #databaseUrl: string;

  constructor(databaseUrl: string) {
    super(createPool(databaseUrl), { disposeExternalPool: true });
    this.#databaseUrl = databaseUrl;
  }

  override async connect() {
    return withWholeScripts(await super.connect());
  }

  override async connectToShadowDb() {
    const main = await new PrismaPg(createPool(this.#databaseUrl), {
      disposeExternalPool: true,
    }).connect();
    const name = `prisma_shadow_${randomBytes(12).toString("hex")}`;
    const dropShadow = () => main.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    try {
      await main.executeScript(`CREATE DATABASE "${name}"`);
      const shadow = withWholeScripts(
        await new PrismaPg(createPool(this.#databaseUrl, name), {
          disposeExternalPool: true,
        }).connect(),
      );
      const disposeShadow = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        try {
          await disposeShadow();
          await dropShadow();
        } finally {
          await main.dispose();
        }
      };
      return shadow;
    } catch (error) {
      await dropShadow().catch(() => {});
      await main.dispose();
      throw error;
    }
  }
}

const CHAR_OID = 18;
const TEXT_OID = 25;

function createPool(databaseUrl: string, database?: string): pg.Pool {
  const config = parseIntoClientConfig(databaseUrl);
  return new pg.Pool({
    ...config,
    ...(database ? { database } : {}),
    Client: CharAsTextClient,
    // The CLI does not close the adapter; without this its idle connections keep the
    // process alive for pg's idle timeout (10 s) after every command.
    allowExitOnIdle: true,
  });
}

/** A pg.Client whose results describe `"char"` columns as text (see above). */
class CharAsTextClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((...args: unknown[]) => {
      const callback = args.at(-1);
      if (typeof callback === "function") {
        // The pool's form: query(text, values, callback).
        args[args.length - 1] = (error: Error | null, result: unknown) =>
          callback(error, result && charColumnsAsText(result));
        return query(...args);
      }
      const returned = query(...args);
      return returned instanceof Promise ? returned.then(charColumnsAsText) : returned;
    }) as pg.Client["query"];
  }
}

function charColumnsAsText(result: unknown): unknown {
  for (const one of Array.isArray(result) ? result : [result]) {
    for (const field of (one as Partial<pg.QueryResult>).fields ?? []) {
      if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}
