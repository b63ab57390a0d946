// `cairn token create --admin` on a real PostgreSQL: it prints only the token, which works,
// and the audit log says a token was made for the administrator from the command line.
import { authenticateApiToken } from "@cairn/auth";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../command.ts";
import { create } from "./token.ts";

let database: TestDatabase;

function capture(): CliIO & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    cwd: process.cwd(),
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}

beforeAll(async () => {
  database = await createTestDatabase(requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL));
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe("cairn token create", () => {
  it("prints a working token and records its creation", async () => {
    const io = capture();
    expect(await create(["--admin", "--name", "deploy script"], io, database.url)).toBe(0);
    const token = io.out.trim();
    expect(io.out).toBe(`${token}\n`);
    const user = await authenticateApiToken(database.db, token);
    expect(user?.isAdmin).toBe(true);
    const event = await database.db.auditEvent.findFirstOrThrow({
      where: { action: "api_token.create" },
    });
    expect(event).toMatchObject({
      actorType: "system",
      actorName: "cairn token create",
      targetType: "api_token",
      targetName: "deploy script",
      success: true,
    });
    expect(JSON.stringify(event)).not.toContain(token);
  });
});
