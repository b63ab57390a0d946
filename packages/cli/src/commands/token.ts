import { parseArgs } from "node:util";
import { recordAudit } from "@cairn/api/worker";
import { createApiToken, ensureLocalAdministrator } from "@cairn/auth";
import { createDb } from "@cairn/db";
import type { CliIO, CommandGroup } from "../command.ts";

/** The database `npm start` sets up when DATABASE_URL is not given. */
const LOCAL_DATABASE_URL = "postgresql://cairn:cairn@127.0.0.1:5432/cairn";

const USAGE = `Usage:
  cairn token create --admin [--name N]

Creates an API token of the local administrator (for the Circle-Token header) and prints
only the token. Run it on the server: it uses DATABASE_URL, or the local database that
\`npm start\` sets up.
`;

export const tokenCommands: CommandGroup = {
  name: "token",
  summary: "create an API token for scripts",
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === "create") return create(rest, io, process.env.DATABASE_URL || LOCAL_DATABASE_URL);
    io.stderr(sub === undefined ? USAGE : `cairn token: unknown subcommand '${sub}'\n\n${USAGE}`);
    return 2;
  },
};

export async function create(args: string[], io: CliIO, databaseUrl: string | undefined) {
  let values: { admin?: boolean; name?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { admin: { type: "boolean" }, name: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`cairn token create: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!values.admin) {
    io.stderr(
      `cairn token create: only --admin tokens can be made here; users create theirs in the web app's settings.\n\n${USAGE}`,
    );
    return 2;
  }
  if (!databaseUrl) {
    io.stderr("cairn token create: DATABASE_URL is not set (run this on the Cairn server).\n");
    return 2;
  }
  const db = createDb(databaseUrl);
  try {
    const admin = await ensureLocalAdministrator(db);
    const name = values.name ?? "command line";
    const { id, token } = await createApiToken(db, admin.id, name);
    await recordAudit(db, {
      action: "api_token.create",
      actor: { id: null, type: "system", name: "cairn token create" },
      target: { type: "api_token", id, name },
      success: true,
      metadata: { forUser: admin.login ?? admin.id },
    });
    io.stdout(`${token}\n`);
    return 0;
  } catch (error) {
    io.stderr(
      `cairn token create: cannot reach the database: ${(error as Error).message.split("\n")[0]}\n`,
    );
    return 1;
  } finally {
    await db.$disconnect();
  }
}
