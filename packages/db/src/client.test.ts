import { afterEach, describe, expect, it } from "vitest";
import { disconnectDb, getDb } from "./client.ts";

// The client connects on its first query only, so no database is needed here.
const url = "postgresql://cairn:cairn@127.0.0.1:1/unit";

describe("getDb", () => {
  afterEach(() => disconnectDb());

  it("returns one client per process", () => {
    expect(getDb(url)).toBe(getDb(url));
  });

  it("refuses a second database URL", () => {
    getDb(url);
    expect(() => getDb(`${url}-other`)).toThrow(/one database client/);
  });

  it("makes a new client after disconnectDb()", async () => {
    const first = getDb(url);
    await disconnectDb();
    expect(getDb(url)).not.toBe(first);
  });
});
