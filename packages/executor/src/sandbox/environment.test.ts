import { describe, expect, it } from "vitest";
import { mergeJobEnvironment, toDockerEnv } from "./environment.ts";

describe("mergeJobEnvironment", () => {
  it("applies CircleCI's precedence, lowest first", () => {
    const merged = mergeJobEnvironment({
      project: { A: "project", B: "project", C: "project", D: "project", E: "project", P: "p" },
      contexts: [
        { B: "context1", C: "context1", D: "context1", E: "context1", X: "x1" },
        { X: "x2" },
      ],
      builtIns: { C: "builtin", D: "builtin", E: "builtin" },
      image: { D: "image", E: "image" },
      job: { E: "job" },
    });
    expect(merged).toEqual({
      A: "project",
      B: "context1",
      C: "builtin",
      D: "image",
      E: "job",
      P: "p",
      X: "x2",
    });
  });

  it("takes missing layers as empty", () => {
    expect(mergeJobEnvironment({})).toEqual({});
  });
});

describe("toDockerEnv", () => {
  it("keeps values verbatim, including = and newlines", () => {
    expect(toDockerEnv({ K: "a=b\nc" })).toEqual(["K=a=b\nc"]);
  });

  it("refuses names a shell could not use", () => {
    expect(() => toDockerEnv({ "BAD-NAME": "x" })).toThrow(/"BAD-NAME" is not valid/);
    expect(() => toDockerEnv({ "": "x" })).toThrow(TypeError);
  });
});
