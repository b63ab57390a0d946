import { describe, expect, it } from "vitest";
import {
  ENV_VAR_VALUE_MAX_BYTES,
  lastFour,
  maskedValue,
  ZCreateEnvVarSchema,
  ZEnvVarNameSchema,
} from "./env-var-input.ts";

describe("environment variable names", () => {
  it("accepts shell names", () => {
    for (const name of ["A", "_", "MY_SECRET", "x1", "_private_2"]) {
      expect(ZEnvVarNameSchema.safeParse(name).success).toBe(true);
    }
  });

  it("refuses names a shell cannot export, saying why", () => {
    for (const name of ["", "1ABC", "MY-VAR", "has space", "A=B", "ÉTÉ", "a".repeat(257)]) {
      const result = ZEnvVarNameSchema.safeParse(name);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/name/);
    }
  });
});

describe("environment variable values", () => {
  it("accepts a value up to 128 KB, counted in UTF-8 bytes", () => {
    const atLimit = { name: "BIG", value: "a".repeat(ENV_VAR_VALUE_MAX_BYTES) };
    expect(ZCreateEnvVarSchema.safeParse(atLimit).success).toBe(true);
    const overByOne = { name: "BIG", value: "a".repeat(ENV_VAR_VALUE_MAX_BYTES + 1) };
    expect(ZCreateEnvVarSchema.safeParse(overByOne).success).toBe(false);
    // 'é' is two bytes: half as many characters already reach the limit.
    const multiByte = { name: "BIG", value: "é".repeat(ENV_VAR_VALUE_MAX_BYTES / 2 + 1) };
    expect(ZCreateEnvVarSchema.safeParse(multiByte).error?.issues[0]?.message).toMatch(/128 KB/);
  });

  it("requires a string value", () => {
    expect(ZCreateEnvVarSchema.safeParse({ name: "A" }).success).toBe(false);
    expect(ZCreateEnvVarSchema.safeParse({ name: "A", value: 42 }).success).toBe(false);
    expect(ZCreateEnvVarSchema.safeParse({ name: "A", value: "" }).success).toBe(true);
  });

  it("masks all but the last four characters", () => {
    expect(maskedValue(lastFour("s3cr3t-value"))).toBe("xxxxalue");
    expect(maskedValue(lastFour("ab"))).toBe("xxxxab");
    expect(lastFour("naïve😀")).toBe("ïve😀");
  });
});
