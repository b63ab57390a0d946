import { describe, expect, it } from "vitest";
import { LogModel, visibleText } from "./log-model.ts";

const chunk = (
  seq: number,
  step: number | null,
  text: string | Uint8Array,
  at?: number | null,
) => ({
  seq,
  step,
  data: Buffer.from(text).toString("base64"),
  at,
});

describe("LogModel", () => {
  it("numbers lines across steps and joins a line split between chunks", () => {
    const model = new LogModel();
    model.append([chunk(1, null, "preparing\n"), chunk(2, 0, "hel")]);
    model.append([chunk(3, 0, "lo\nwor"), chunk(4, 0, "ld\n"), chunk(5, 1, "next\n")]);
    expect(model.lines).toEqual([
      { number: 1, step: null, text: "preparing", at: null },
      { number: 2, step: 0, text: "hello", at: null },
      { number: 3, step: 0, text: "world", at: null },
      { number: 4, step: 1, text: "next", at: null },
    ]);
    expect(model.lastSeq).toBe(5);
  });

  it("dates each line by the chunk its first byte came in", () => {
    const model = new LogModel();
    model.append([chunk(1, 0, "one\ntw", 1000), chunk(2, 1, "other\n", 1500)]);
    model.append([chunk(3, 0, "o\nthree\n", 2000), chunk(4, 0, "four\n", null)]);
    expect(model.lines.map((line) => [line.text, line.at])).toEqual([
      ["one", 1000],
      ["two", 1000],
      ["other", 1500],
      ["three", 2000],
      ["four", null],
    ]);
  });

  it("tells which lines are still being written", () => {
    const model = new LogModel();
    model.append([chunk(1, 0, "done\nhal"), chunk(2, 1, "whole\n"), chunk(3, 2, "par")]);
    expect(model.openLines().map((line) => line.text)).toEqual(["hal", "par"]);
    model.append([chunk(4, 0, "f\n")]);
    expect(model.openLines().map((line) => line.text)).toEqual(["par"]);
  });

  it("ignores chunks it has already seen, so a reconnect cannot duplicate lines", () => {
    const model = new LogModel();
    model.append([chunk(1, 0, "a\n"), chunk(2, 0, "b\n")]);
    expect(model.append([chunk(2, 0, "b\n")])).toBe(false);
    model.append([chunk(2, 0, "b\n"), chunk(3, 0, "c\n")]);
    expect(model.lines.map((line) => line.text)).toEqual(["a", "b", "c"]);
  });

  it("decodes a UTF-8 character cut between two chunks", () => {
    const bytes = Buffer.from("é\n");
    const model = new LogModel();
    model.append([chunk(1, 0, bytes.subarray(0, 1)), chunk(2, 0, bytes.subarray(1))]);
    expect(model.lines.map((line) => line.text)).toEqual(["é"]);
  });

  it("shows what a terminal shows after carriage returns", () => {
    expect(visibleText("10%\r50%\r100%")).toBe("100%");
    expect(visibleText("done\r")).toBe("done");
  });
});
