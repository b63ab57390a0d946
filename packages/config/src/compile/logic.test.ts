import { describe, expect, it } from "vitest";
import { ErrorList } from "../errors.ts";
import { rootCursor } from "../validate/cursor.ts";
import { evaluateExpression } from "./expression.ts";
import { evaluateLogic } from "./logic.ts";

const pipeline = new Map<string, unknown>([
  ["pipeline.git.branch", "release/1.2"],
  ["pipeline.git.tag", ""],
  ["pipeline.parameters.n", 3],
]);

function decide(value: unknown) {
  const errors = new ErrorList();
  const result = evaluateLogic(errors, rootCursor(value, "c.yml"), pipeline);
  return { result, messages: errors.errors.map((e) => e.message) };
}

describe("logic statements", () => {
  it("judges literals by CircleCI's falsy values", () => {
    for (const falsy of [false, null, 0, Number.NaN, ""]) expect(decide(falsy).result).toBe(false);
    for (const truthy of [true, 1, "x", [1]]) expect(decide(truthy).result).toBe(true);
  });

  it("evaluates and / or / not / equal / matches", () => {
    expect(decide({ and: [true, { not: false }] }).result).toBe(true);
    expect(decide({ or: [false, 0, ""] }).result).toBe(false);
    expect(decide({ equal: ["a", "a", "a"] }).result).toBe(true);
    expect(decide({ equal: [{ x: [1] }, { x: [1] }] }).result).toBe(true);
    expect(decide({ equal: [1, "1"] }).result).toBe(false);
    expect(decide({ matches: { pattern: "^release/.*$", value: "release/1.2" } }).result).toBe(
      true,
    );
    // `matches` must match the whole value
    expect(decide({ matches: { pattern: "release", value: "release/1.2" } }).result).toBe(false);
  });

  it("reports malformed statements", () => {
    expect(decide({ nand: [true] }).messages[0]).toMatch(
      /a logic statement is one of and, or, not, equal, matches/,
    );
    expect(decide({ and: true }).messages[0]).toMatch(/'and' takes a list/);
    expect(decide({ matches: { pattern: "(", value: "x" } }).messages[0]).toMatch(
      /invalid regular expression/,
    );
  });

  it("accepts expression strings", () => {
    expect(decide('pipeline.git.branch starts-with "release/"').result).toBe(true);
    expect(decide('pipeline.git.branch == "main"').result).toBe(false);
  });
});

describe("expressions", () => {
  const evaluate = (text: string) => evaluateExpression(text, pipeline);
  it("compares, combines and groups", () => {
    expect(evaluate('pipeline.git.branch != "main" and not (pipeline.git.tag == "v1")')).toEqual({
      ok: true,
      value: true,
    });
    expect(evaluate('pipeline.git.branch == "main" or pipeline.parameters.n == 3')).toEqual({
      ok: true,
      value: true,
    });
    expect(evaluate("pipeline.git.tag")).toEqual({ ok: true, value: false });
  });
  it("reports syntax errors and unknown values", () => {
    expect(evaluate('pipeline.git.branch == "main')).toEqual({
      ok: false,
      message: "unterminated string",
    });
    expect(evaluate("pipeline.nope == 1")).toEqual({
      ok: false,
      message: "unknown value 'pipeline.nope'",
    });
    expect(evaluate('(pipeline.git.branch == "x"')).toMatchObject({ ok: false });
  });
});
