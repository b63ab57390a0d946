import { describe, expect, it } from "vitest";
import { ApiError } from "../errors.ts";
import { decodePageToken, encodePageToken } from "./list-project-pipelines.ts";

describe("pipeline page tokens", () => {
  it("round-trips the number the next page starts below", () => {
    expect(decodePageToken(encodePageToken(41))).toBe(41);
  });

  it("refuses tokens it did not hand out as invalid input", () => {
    for (const token of [
      "",
      "zzz",
      encodePageToken(0),
      Buffer.from('{"before":"1"}').toString("base64url"),
    ]) {
      expect(() => decodePageToken(token)).toThrow(ApiError);
    }
  });
});
