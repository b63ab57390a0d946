import type { ErrorList } from "../errors.ts";
import { type Cursor, child, report } from "../validate/cursor.ts";
import { deepEqual, describeType, isMap, isSeq } from "../values.ts";
import { evaluateExpression, looksLikeExpression } from "./expression.ts";
import { isTruthy } from "./substitute.ts";

const OPERATORS = ["and", "or", "not", "equal", "matches"];
const MAX_LOGIC_DEPTH = 64;

/**
 * Evaluates a logic statement (`when:` / `unless:` of workflows and steps) whose
 * references are already substituted. Literals are judged by truthiness; maps must be one
 * of and / or / not / equal / matches. Returns undefined (and reports) when malformed.
 */
export function evaluateLogic(
  errors: ErrorList,
  at: Cursor,
  pipeline: ReadonlyMap<string, unknown>,
  depth = 0,
): boolean | undefined {
  const value = at.value;
  if (depth > MAX_LOGIC_DEPTH) {
    report(errors, at, "logic statement nested too deeply");
    return undefined;
  }
  if (typeof value === "string" && looksLikeExpression(value)) {
    const result = evaluateExpression(value, pipeline);
    if (result.ok) return result.value;
    report(errors, at, `invalid expression: ${result.message}`);
    return undefined;
  }
  if (!isMap(value)) return isTruthy(value);
  const keys = Object.keys(value);
  const operator = keys[0];
  if (keys.length !== 1 || operator === undefined || !OPERATORS.includes(operator)) {
    report(
      errors,
      at,
      `a logic statement is one of ${OPERATORS.join(", ")}; found ${keys.length === 0 ? "an empty map" : keys.map((k) => `'${k}'`).join(", ")}`,
    );
    return undefined;
  }
  const operand = child(at, operator);
  switch (operator) {
    case "and":
    case "or": {
      if (!isSeq(operand.value)) {
        report(errors, operand, `'${operator}' takes a list, not ${describeType(operand.value)}`);
        return undefined;
      }
      const results = operand.value.map((_, i) =>
        evaluateLogic(errors, child(operand, i), pipeline, depth + 1),
      );
      if (results.some((r) => r === undefined)) return undefined;
      return operator === "and" ? results.every(Boolean) : results.some(Boolean);
    }
    case "not": {
      const inner = evaluateLogic(errors, operand, pipeline, depth + 1);
      return inner === undefined ? undefined : !inner;
    }
    case "equal": {
      if (!isSeq(operand.value)) {
        report(
          errors,
          operand,
          `'equal' takes a list of values to compare, not ${describeType(operand.value)}`,
        );
        return undefined;
      }
      const [first, ...rest] = operand.value;
      return rest.every((item) => deepEqual(first, item));
    }
    default: {
      if (
        !isMap(operand.value) ||
        typeof operand.value.pattern !== "string" ||
        !Object.hasOwn(operand.value, "value")
      ) {
        report(
          errors,
          operand,
          "'matches' takes {pattern, value} with a regular expression as pattern",
        );
        return undefined;
      }
      const pattern = compileFullMatch(operand.value.pattern);
      if (!pattern) {
        report(
          errors,
          child(operand, "pattern"),
          `invalid regular expression ${JSON.stringify(operand.value.pattern)}`,
        );
        return undefined;
      }
      const subject = operand.value.value;
      return pattern.test(subject === null || subject === undefined ? "" : String(subject));
    }
  }
}

/** A regex that must match the whole string (CircleCI's semantics for patterns and filters). */
export function compileFullMatch(pattern: string): RegExp | undefined {
  if (pattern.length > 2048) return undefined;
  try {
    return new RegExp(`^(?:${pattern})$`, "u");
  } catch {
    try {
      return new RegExp(`^(?:${pattern})$`);
    } catch {
      return undefined;
    }
  }
}
