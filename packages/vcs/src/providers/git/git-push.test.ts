import { describe, expect, it } from "vitest";
import { VcsError } from "../../errors.ts";
import { parseGitPush } from "./git-push.ts";

const a = "a".repeat(40);
const b = "b".repeat(40);
const zero = "0".repeat(40);

describe("parseGitPush", () => {
  it("parses a branch push from the raw body", () => {
    expect(parseGitPush(`{"ref":"refs/heads/main","before":"${a}","after":"${b}"}`)).toEqual({
      ref: "refs/heads/main",
      branch: "main",
      before: a,
      after: b,
      deleted: false,
      created: false,
    });
  });

  it("parses a tag push from parsed JSON, lower-casing shas and keeping the delivery id", () => {
    const sha256 = "C".repeat(64);
    expect(parseGitPush({ ref: "refs/tags/v1.0", after: sha256, delivery: "abc123" })).toEqual({
      ref: "refs/tags/v1.0",
      tag: "v1.0",
      before: null,
      after: "c".repeat(64),
      deleted: false,
      created: false,
      delivery: "abc123",
    });
  });

  it("keeps slashes in branch names", () => {
    expect(parseGitPush({ ref: "refs/heads/feature/x", before: a, after: b }).branch).toBe(
      "feature/x",
    );
  });

  it("reads an all-zero after as a deletion and an all-zero before as a creation", () => {
    expect(parseGitPush({ ref: "refs/heads/old", before: a, after: zero })).toMatchObject({
      deleted: true,
      created: false,
    });
    expect(parseGitPush({ ref: "refs/heads/new", before: zero, after: b })).toMatchObject({
      deleted: false,
      created: true,
    });
  });

  it.each([
    ["not json", /not valid JSON/],
    [{}, /ref is required; after is required/],
    [{ ref: "refs/pull/1/head", after: b }, /ref must start with refs\/heads\/ or refs\/tags\//],
    [{ ref: "main", after: b }, /ref must start with/],
    [{ ref: "refs/heads/", after: b }, /ref must start with/],
    [{ ref: "refs/heads/a..b", after: b }, /ref is not a valid git ref name/],
    [{ ref: "refs/heads/a b", after: b }, /ref is not a valid git ref name/],
    [{ ref: "refs/heads/x.lock", after: b }, /not a valid git ref name/],
    [{ ref: "refs/heads/main", after: "abc" }, /after must be a 40- or 64-character hex commit id/],
    [{ ref: "refs/heads/main", before: "xyz", after: b }, /before must be a 40/],
    [{ ref: "refs/heads/main", after: b, delivery: "a b" }, /delivery must be/],
    [[1, 2], /expected object/],
  ])("rejects %j clearly", (body, message) => {
    let caught: unknown;
    try {
      parseGitPush(body);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VcsError);
    expect((caught as VcsError).code).toBe("invalid_push");
    expect((caught as VcsError).message).toMatch(/^Invalid push body: /);
    expect((caught as VcsError).message).toMatch(message);
  });
});
