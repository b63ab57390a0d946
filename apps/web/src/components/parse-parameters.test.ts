import { describe, expect, it } from "vitest";
import { parseParameters } from "./parse-parameters.ts";

describe("parseParameters", () => {
  it("types booleans and numbers and keeps the rest as text", () => {
    expect(parseParameters("deploy=true\nretries = 3\n\n# note\nname=a=b\nflag=false")).toEqual({
      deploy: true,
      retries: 3,
      name: "a=b",
      flag: false,
    });
  });

  it("names the line that is not name=value", () => {
    expect(() => parseParameters("ok=1\njust words")).toThrow(/Line 2/);
    expect(() => parseParameters("=value")).toThrow(/Line 1/);
  });
});
