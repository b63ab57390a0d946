import { XMLParser, XMLValidator } from "fast-xml-parser";

export type TestCaseResult = "success" | "failure" | "error" | "skipped";

export interface ParsedTestCase {
  classname: string;
  name: string;
  file: string | null;
  result: TestCaseResult;
  /** Seconds. */
  runTime: number;
  message: string | null;
}

export type JUnitParseResult =
  | { ok: true; cases: ParsedTestCase[] }
  | { ok: false; problem: string };

/** Failure messages carry stack traces; a few kB is what a reader looks at. */
export const MAX_MESSAGE_LENGTH = 8_000;

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  textNodeName: "#text",
  parseTagValue: false,
  parseAttributeValue: false,
  htmlEntities: false,
  isArray: (name) => ["testsuite", "testcase", "failure", "error", "skipped"].includes(name),
});

/**
 * Parses a JUnit XML report, in the shapes real tools write: a `<testsuites>` root
 * (jest-junit, pytest ≥ 5) or a `<testsuite>` root (Maven Surefire, older pytest), with
 * suites nested to any depth (Ant, PHPUnit). A test case's file comes from its own `file`
 * attribute or the nearest suite's. Never throws: a malformed document is a problem to
 * report, not a failed step.
 */
export function parseJUnitXml(xml: string): JUnitParseResult {
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    return { ok: false, problem: `not valid XML (line ${line}, column ${col}): ${msg}` };
  }
  let document: XmlNode;
  try {
    document = parser.parse(xml) as XmlNode;
  } catch (error) {
    return { ok: false, problem: `not valid XML: ${error instanceof Error ? error.message : String(error)}` };
  }
  const roots = [...asNodes(document.testsuites), ...asNodes(document.testsuite)];
  if (roots.length === 0) {
    return { ok: false, problem: "not a JUnit report (no <testsuites> or <testsuite> root element)" };
  }
  const cases: ParsedTestCase[] = [];
  for (const root of roots) collectCases(root, null, cases);
  return { ok: true, cases };
}

function collectCases(suite: XmlNode, inheritedFile: string | null, out: ParsedTestCase[]): void {
  const file = attribute(suite, "file") ?? attribute(suite, "filepath") ?? inheritedFile;
  const suiteName = attribute(suite, "name") ?? "";
  for (const testCase of asNodes(suite.testcase)) out.push(toTestCase(testCase, suiteName, file));
  for (const nested of asNodes(suite.testsuite)) collectCases(nested, file, out);
}

function toTestCase(node: XmlNode, suiteName: string, suiteFile: string | null): ParsedTestCase {
  const { result, detail } = outcome(node);
  return {
    classname: attribute(node, "classname") ?? attribute(node, "class") ?? suiteName,
    name: attribute(node, "name") ?? "",
    file: attribute(node, "file") ?? suiteFile,
    result,
    runTime: seconds(attribute(node, "time")),
    message: detail === undefined ? null : message(detail),
  };
}

function outcome(node: XmlNode): { result: TestCaseResult; detail?: unknown } {
  for (const result of ["error", "failure", "skipped"] as const) {
    const elements = node[result];
    if (Array.isArray(elements) && elements.length > 0) return { result, detail: elements[0] };
  }
  return { result: "success" };
}

/** `message` attribute and element text (usually the stack trace), whichever exist. */
function message(detail: unknown): string | null {
  const parts =
    typeof detail === "string"
      ? [detail]
      : isNode(detail)
        ? [attribute(detail, "message"), textOf(detail["#text"])]
        : [];
  const text = parts
    .map((part) => part?.trim())
    .filter((part): part is string => Boolean(part))
    .join("\n");
  if (text === "") return null;
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text;
}

/** `time="1,234.5"` (some tools group digits) → 1234.5; missing or junk → 0. */
function seconds(value: string | undefined): number {
  if (value === undefined) return 0;
  const parsed = Number.parseFloat(value.replace(/,/g, ""));
  return Number.isFinite(parsed) && parsed > 0 ? parsed : 0;
}

function attribute(node: XmlNode, name: string): string | undefined {
  return textOf(node[`@${name}`]);
}

function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function asNodes(value: unknown): XmlNode[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  // An empty element (`<testsuite/>`) parses as "".
  return list.map((item) => (isNode(item) ? item : {}));
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
