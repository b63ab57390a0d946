import { describe, expect, it } from "vitest";
import { z } from "zod";
import { booleanFlag, parseEnv, port, postgresUrl, SettingsError } from "./index.ts";

const ZSchema = z.object({
  DATABASE_URL: postgresUrl(),
  PORT: port(3000),
  VERBOSE: booleanFlag(false),
});

describe("parseEnv", () => {
  it("applies defaults and parses explicit booleans", () => {
    const env = parseEnv("test", ZSchema, { DATABASE_URL: "postgresql://a@b/c", VERBOSE: "false" });
    expect(env).toEqual({ DATABASE_URL: "postgresql://a@b/c", PORT: 3000, VERBOSE: false });
    expect(
      parseEnv("test", ZSchema, { DATABASE_URL: "postgres://x", VERBOSE: "yes" }).VERBOSE,
    ).toBe(true);
  });

  it("names every bad variable without echoing values", () => {
    const attempt = () =>
      parseEnv("web", ZSchema, { DATABASE_URL: "mysql://secret-password@h", PORT: "70000" });
    expect(attempt).toThrow(SettingsError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("web: invalid settings");
      expect(message).toContain("DATABASE_URL: must be a postgresql:// connection URL");
      expect(message).toContain("PORT:");
      expect(message).not.toContain("secret-password");
    }
  });

  it("treats an empty variable as unset and says it is required", () => {
    expect(() => parseEnv("worker", ZSchema, { DATABASE_URL: "" })).toThrow(
      "DATABASE_URL: is required but not set",
    );
  });

  it("rejects booleans it cannot read", () => {
    expect(() =>
      parseEnv("w", ZSchema, { DATABASE_URL: "postgres://x", VERBOSE: "maybe" }),
    ).toThrow("VERBOSE: must be true or false");
  });
});
