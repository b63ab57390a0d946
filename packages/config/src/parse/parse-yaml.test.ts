import { describe, expect, it } from "vitest";
import { positionOfChild, positionOfKey } from "./locations.ts";
import { parseYaml } from "./parse-yaml.ts";

function parse(source: string) {
  return parseYaml(source, "config.yml");
}

describe("parseYaml", () => {
  it("resolves anchors, aliases and merge keys (explicit keys win, first merge wins)", () => {
    const { value, errors } = parse(
      "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: *a\n  <<: *b\n  x: 3\n",
    );
    expect(errors.count).toBe(0);
    expect(value).toEqual({ a: { x: 1, y: 1 }, b: { y: 2, z: 2 }, c: { x: 3, y: 1, z: 2 } });
  });

  it("merges a list of maps and a sequence alias", () => {
    const { value, errors } = parse(
      "s: &s\n  - {p: 1}\nm:\n  <<: *s\n  q: 2\nn:\n  <<: [{r: 1}, {r: 2, t: 3}]\n",
    );
    expect(errors.count).toBe(0);
    expect(value).toMatchObject({ m: { p: 1, q: 2 }, n: { r: 1, t: 3 } });
  });

  it("rejects merging a scalar", () => {
    const { errors } = parse("a: &a 1\nb:\n  <<: *a\n");
    expect(errors.errors[0]?.message).toMatch(/merge key '<<' takes a map/);
  });

  it("reports duplicate keys other than '<<' with their position", () => {
    const { errors } = parse("a: 1\nb: 2\na: 3\n");
    expect(errors.errors).toEqual([
      expect.objectContaining({ line: 3, column: 1, message: "duplicate key 'a' in this map" }),
    ]);
  });

  it("reads YAML 1.1 booleans like CircleCI but keeps y/n, dates and 1:20 as strings", () => {
    const { value } = parse("a: on\nb: off\nc: yes\nd: y\ne: 2021-01-01\nf: 1:20\ng: 2.1\n");
    expect(value).toEqual({
      a: true,
      b: false,
      c: true,
      d: "y",
      e: "2021-01-01",
      f: "1:20",
      g: 2.1,
    });
  });

  it("handles CRLF, a BOM and no trailing newline, with correct positions", () => {
    const { value, errors } = parse(
      "\uFEFFversion: 2.1\r\njobs:\r\n  build:\r\n    steps: [checkout]",
    );
    expect(errors.count).toBe(0);
    const jobs = (value as { jobs: unknown }).jobs;
    expect(positionOfKey(jobs, "build")).toEqual({ file: "config.yml", line: 3, column: 3 });
    expect(positionOfChild(value, "version")).toEqual({ file: "config.yml", line: 1, column: 10 });
  });

  it("reports malformed YAML without throwing", () => {
    const { value, errors } = parse("a: [1\nb: {\n");
    expect(value).toBeUndefined();
    expect(errors.errors[0]?.message).toMatch(/^YAML syntax error/);
    expect(errors.errors[0]?.line).toBeGreaterThan(0);
  });

  it("refuses a billion-laughs document quickly", () => {
    const rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [prev, next] of ["ab", "bc", "cd", "de", "ef", "fg", "gh", "hi"].map((p) =>
      p.split(""),
    )) {
      rows.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(",")}]`);
    }
    const started = performance.now();
    const { value, errors } = parse(rows.join("\n"));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(value).toBeUndefined();
    expect(errors.errors[0]?.message).toMatch(/alias bomb/);
  });

  it("refuses absurd nesting without a stack overflow", () => {
    for (const source of [
      "[".repeat(50_000),
      `${"[".repeat(5000)}${"]".repeat(5000)}`,
      `${"- ".repeat(3000)}x`,
    ]) {
      const { value, errors } = parse(source);
      expect(value).toBeUndefined();
      expect(errors.errors[0]?.message).toMatch(/nested/);
    }
  });

  it("refuses sources over 8 MB", () => {
    const { errors } = parse(`a: "${"x".repeat(8 * 1024 * 1024)}"`);
    expect(errors.errors[0]?.message).toMatch(/limit is 8 MB/);
  });

  it("refuses a second document", () => {
    const { errors } = parse("a: 1\n---\nb: 2\n");
    expect(errors.errors[0]).toMatchObject({
      line: 2,
      message: expect.stringMatching(/one YAML document/),
    });
  });

  it("treats __proto__ as an ordinary key", () => {
    const { value } = parse("__proto__: {polluted: true}\n");
    expect(Object.keys(value as object)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
