/**
 * CircleCI's expression language for job `filters` and workflow `when` written as a string:
 *   pipeline.git.branch == "main" or pipeline.git.tag starts-with "release"
 * Operators: `==`, `!=`, `starts-with`, `and`, `or`, `not`, parentheses. Operands: pipeline
 * values, `pipeline.parameters.x`, quoted strings, numbers, true/false/null.
 */

type Token =
  | { kind: "string" | "name" | "number"; text: string }
  | { kind: "op"; text: "==" | "!=" | "starts-with" | "and" | "or" | "not" | "(" | ")" };

export type ExpressionResult = { ok: true; value: boolean } | { ok: false; message: string };

const MAX_EXPRESSION_LENGTH = 4096;

/** Whether a string is meant as an expression (it uses an operator on a pipeline value). */
export function looksLikeExpression(text: string): boolean {
  return (
    /\bpipeline\.[A-Za-z]/.test(text) && /==|!=|\bstarts-with\b|\band\b|\bor\b|\bnot\b/.test(text)
  );
}

export function evaluateExpression(
  text: string,
  values: ReadonlyMap<string, unknown>,
): ExpressionResult {
  if (text.length > MAX_EXPRESSION_LENGTH) return { ok: false, message: "expression is too long" };
  const tokens = tokenize(text);
  if (typeof tokens === "string") return { ok: false, message: tokens };
  let index = 0;
  const peek = () => tokens[index];
  const fail = (message: string): never => {
    throw new ExpressionError(message);
  };

  const operand = (): unknown => {
    const token = tokens[index++];
    if (!token) return fail("expression ends too early");
    if (token.kind === "op" && token.text === "(") {
      const inner = or();
      const close = tokens[index++];
      if (close?.text !== ")") fail("missing ')'");
      return inner;
    }
    if (token.kind === "op" && token.text === "not") return !truthy(comparison());
    if (token.kind === "string") return token.text;
    if (token.kind === "number") return Number(token.text);
    if (token.kind === "name") {
      if (token.text === "true") return true;
      if (token.text === "false") return false;
      if (token.text === "null") return null;
      if (!values.has(token.text)) fail(`unknown value '${token.text}'`);
      return values.get(token.text);
    }
    return fail(`unexpected '${token.text}'`);
  };
  const comparison = (): unknown => {
    const left = operand();
    const op = peek();
    if (op?.kind === "op" && (op.text === "==" || op.text === "!=" || op.text === "starts-with")) {
      index++;
      const right = operand();
      if (op.text === "starts-with") return String(left ?? "").startsWith(String(right ?? ""));
      const equal = left === right || String(left) === String(right);
      return op.text === "==" ? equal : !equal;
    }
    return left;
  };
  const and = (): unknown => {
    let value = truthy(comparison());
    while (peek()?.text === "and" && peek()?.kind === "op") {
      index++;
      value = truthy(comparison()) && value;
    }
    return value;
  };
  const or = (): unknown => {
    let value = truthy(and());
    while (peek()?.text === "or" && peek()?.kind === "op") {
      index++;
      value = truthy(and()) || value;
    }
    return value;
  };

  try {
    const value = or();
    if (index < tokens.length) fail(`unexpected '${tokens[index]!.text}'`);
    return { ok: true, value: truthy(value) };
  } catch (error) {
    if (error instanceof ExpressionError) return { ok: false, message: error.message };
    throw error;
  }
}

class ExpressionError extends Error {}

function truthy(value: unknown): boolean {
  return !(value === false || value === null || value === undefined || value === "" || value === 0);
}

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return "unterminated string";
      tokens.push({ kind: "string", text: text.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    if (c === "(" || c === ")") {
      tokens.push({ kind: "op", text: c });
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === "==" || two === "!=") {
      tokens.push({ kind: "op", text: two });
      i += 2;
      continue;
    }
    const word = /^[A-Za-z0-9_.-]+/.exec(text.slice(i))?.[0];
    if (!word) return `unexpected character '${c}'`;
    if (word === "and" || word === "or" || word === "not" || word === "starts-with") {
      tokens.push({ kind: "op", text: word });
    } else if (/^-?\d+(\.\d+)?$/.test(word)) {
      tokens.push({ kind: "number", text: word });
    } else {
      tokens.push({ kind: "name", text: word });
    }
    i += word.length;
  }
  return tokens;
}
