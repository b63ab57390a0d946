import { describe, expect, it } from "vitest";
import { signArtifactToken, verifyArtifactToken } from "./link-token.ts";

const secret = "s".repeat(32);
const scope = { projectId: "p1", jobNumber: 4 };
const now = new Date("2026-01-01T00:00:00Z");
const inAMinute = new Date(now.getTime() + 60_000);

describe("artifact link tokens", () => {
  it("accepts its own token for the same project and job before it expires", () => {
    expect(
      verifyArtifactToken(signArtifactToken(scope, secret, inAMinute), secret, scope, now),
    ).toBe(true);
  });

  it("refuses an expired token, another job, another project, another secret", () => {
    const token = signArtifactToken(scope, secret, inAMinute);
    expect(verifyArtifactToken(token, secret, scope, new Date(inAMinute.getTime() + 1))).toBe(
      false,
    );
    expect(verifyArtifactToken(token, secret, { ...scope, jobNumber: 5 }, now)).toBe(false);
    expect(verifyArtifactToken(token, secret, { ...scope, projectId: "p2" }, now)).toBe(false);
    expect(verifyArtifactToken(token, "t".repeat(32), scope, now)).toBe(false);
  });

  it("refuses tampered and malformed tokens", () => {
    const token = signArtifactToken(scope, secret, inAMinute);
    const [payload, signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ p: "p1", j: 4, e: 9e9 })).toString("base64url");
    for (const bad of [
      `${forged}.${signature}`,
      `${payload}.${signature}x`,
      `${payload}`,
      `${token}.x`,
      "",
      "x".repeat(600),
    ]) {
      expect(verifyArtifactToken(bad, secret, scope, now)).toBe(false);
    }
  });
});
