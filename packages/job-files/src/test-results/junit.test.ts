import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_LENGTH, type ParsedTestCase, parseJUnitXml } from "./junit.ts";

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
}

function casesOf(xml: string): ParsedTestCase[] {
  const parsed = parseJUnitXml(xml);
  if (!parsed.ok) throw new Error(`expected a report: ${parsed.problem}`);
  return parsed.cases;
}

describe("parseJUnitXml", () => {
  it("reads jest-junit: a <testsuites> root, failures as element text, <skipped/>", () => {
    const cases = casesOf(fixture("jest-junit.xml"));
    expect(cases.map((c) => [c.name, c.result])).toEqual([
      ["math adds numbers", "success"],
      ["math divides by zero", "failure"],
      ["math todo", "skipped"],
    ]);
    expect(cases[0]).toMatchObject({ classname: "math adds numbers", file: "src/math.test.js", runTime: 0.004 });
    expect(cases[1]?.message).toContain("Expected: Infinity");
    expect(cases[1]?.message).toContain("at Object.<anonymous> (src/math.test.js:9:20)");
    expect(cases[2]?.message).toBeNull();
  });

  it("reads pytest: message attributes plus text, errors, skips with reasons", () => {
    const cases = casesOf(fixture("pytest.xml"));
    expect(cases.map((c) => c.result)).toEqual(["success", "failure", "error", "skipped"]);
    expect(cases[1]).toMatchObject({
      classname: "tests.test_app",
      name: "test_fail",
      file: "tests/test_app.py",
      runTime: 0.002,
    });
    expect(cases[1]?.message?.split("\n")[0]).toBe("assert 1 == 2");
    expect(cases[1]?.message).toContain("AssertionError");
    expect(cases[2]?.message).toContain('failed on setup with "RuntimeError: boom"');
    expect(cases[3]?.message).toContain("not on linux");
  });

  it("reads Maven Surefire: a <testsuite> root, CDATA stack traces, grouped digits in time", () => {
    const cases = casesOf(fixture("surefire.xml"));
    expect(cases).toHaveLength(3);
    expect(cases[1]).toMatchObject({
      classname: "com.example.CalculatorTest",
      name: "dividesByZero",
      result: "failure",
      file: null,
    });
    expect(cases[1]?.message).toContain("expected: <0> but was: <1>");
    expect(cases[1]?.message).toContain("CalculatorTest.java:21");
    expect(cases[2]).toMatchObject({ result: "skipped", message: "@Disabled", runTime: 0 });
  });

  it("walks nested suites and inherits the file of the nearest suite", () => {
    const cases = casesOf(fixture("nested-phpunit.xml"));
    expect(cases).toHaveLength(2);
    expect(cases[0]).toMatchObject({ classname: "Tests.UserTest", result: "success" });
    expect(cases[1]).toMatchObject({
      classname: "Tests\\UserTest",
      file: "/app/tests/UserTest.php",
      result: "error",
      runTime: 0.019,
    });
    expect(cases[1]?.message).toContain("strlen()");
  });

  it("reports malformed XML with its line instead of throwing", () => {
    const parsed = parseJUnitXml(fixture("malformed.xml"));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(/^not valid XML \(line \d+, column \d+\)/);
    expect(parseJUnitXml("").ok).toBe(false);
    expect(parseJUnitXml("not xml at all <<<").ok).toBe(false);
  });

  it("says so when a well-formed file is not a JUnit report", () => {
    const parsed = parseJUnitXml('<?xml version="1.0"?><coverage line-rate="0.9"/>');
    expect(parsed).toEqual({
      ok: false,
      problem: "not a JUnit report (no <testsuites> or <testsuite> root element)",
    });
  });

  it("accepts empty suites, missing attributes and junk times", () => {
    expect(casesOf("<testsuites><testsuite/></testsuites>")).toEqual([]);
    expect(casesOf('<testsuite name="S"><testcase time="abc"/></testsuite>')).toEqual([
      { classname: "S", name: "", file: null, result: "success", runTime: 0, message: null },
    ]);
  });

  it("caps very long failure messages", () => {
    const long = "x".repeat(MAX_MESSAGE_LENGTH * 2);
    const [testCase] = casesOf(`<testsuite><testcase name="t"><failure>${long}</failure></testcase></testsuite>`);
    expect(testCase?.message).toHaveLength(MAX_MESSAGE_LENGTH + 1);
  });
});
