import { describe, expect, it } from "vitest";
import { substitute, type TemplateScope } from "./substitute.ts";

const pipeline = new Map<string, unknown>([
  ["pipeline.git.branch", "main"],
  ["pipeline.parameters.deploy", true],
]);

function run(value: unknown, scope: Partial<TemplateScope> = {}) {
  const errors: string[] = [];
  const result = substitute(value, { pipeline, ...scope }, (m) => errors.push(m));
  return { result, errors };
}

describe("<< >> substitution", () => {
  const parameters = {
    name: "world",
    count: 3,
    flag: true,
    off: false,
    empty: "",
    steps: [{ run: "x" }],
  };

  it("splices values into text and keeps the type of a whole-value reference", () => {
    expect(run("hello << parameters.name >>!", { parameters }).result).toBe("hello world!");
    expect(run("<< parameters.count >>", { parameters }).result).toBe(3);
    expect(run("<<parameters.flag>>", { parameters }).result).toBe(true);
    expect(run("<< parameters.steps >>", { parameters }).result).toEqual([{ run: "x" }]);
    expect(run("n=<< parameters.count >> f=<< parameters.off >>", { parameters }).result).toBe(
      "n=3 f=false",
    );
  });

  it("accepts tabs and missing spaces inside the brackets", () => {
    expect(run("<<\tparameters.name\t>>-<<parameters.name>>", { parameters }).result).toBe(
      "world-world",
    );
  });

  it("reads pipeline values, pipeline parameters and matrix values", () => {
    expect(
      run("<< pipeline.git.branch >>/<< matrix.os >>", { matrix: { os: "linux" } }).result,
    ).toBe("main/linux");
    expect(run("<< pipeline.parameters.deploy >>").result).toBe(true);
  });

  it("supports conditional sections, inverted too", () => {
    const text =
      "cargo <<# parameters.flag >>--release<</ parameters.flag >><<^ parameters.off >> --quiet<</ parameters.off >><<# parameters.empty >>never<</ parameters.empty >>";
    expect(run(text, { parameters }).result).toBe("cargo --release --quiet");
  });

  it("leaves heredocs and unrelated << alone, and honours escapes", () => {
    expect(run("cat <<EOF > f\nx\nEOF", { parameters }).result).toBe("cat <<EOF > f\nx\nEOF");
    expect(run("echo $((1 << 2)) >> log", { parameters }).result).toBe("echo $((1 << 2)) >> log");
    expect(run("\\<< parameters.name >>", { parameters }).result).toBe("<< parameters.name >>");
  });

  it("reports unknown references with a suggestion", () => {
    expect(run("<< parameters.nmae >>", { parameters }).errors).toEqual([
      "unknown parameter 'nmae' — did you mean 'name'?",
    ]);
    expect(run("<< pipeline.git.brnch >>").errors[0]).toMatch(
      /unknown pipeline value 'pipeline.git.brnch' — did you mean 'pipeline.git.branch'/,
    );
    expect(run("<< parameters.x >>").errors[0]).toMatch(/where no parameters are defined/);
    expect(run("<< matrix.x >>").errors[0]).toMatch(/only available inside a matrix job/);
  });

  it("refuses a list inside text", () => {
    expect(run("a << parameters.steps >>", { parameters }).errors[0]).toMatch(
      /cannot be part of a text/,
    );
  });

  it("substitutes in nested maps and lists and in keys, without mutating", () => {
    const input = {
      env: { "<< parameters.name >>_VAR": "<< parameters.count >>" },
      list: ["<< parameters.name >>"],
    };
    const { result } = run(input, { parameters });
    expect(result).toEqual({ env: { world_VAR: 3 }, list: ["world"] });
    expect(input.list[0]).toBe("<< parameters.name >>");
  });
});
