import { describe, expect, it } from "vitest";
import { LogModel } from "./log-model.ts";
import { LogSearch, matchRanges, plainText, searchPattern } from "./log-search.ts";

function modelOf(...texts: string[]): LogModel {
  const model = new LogModel();
  for (const text of texts) append(model, 0, text);
  return model;
}
function append(model: LogModel, step: number, text: string) {
  model.append([{ seq: model.lastSeq + 1, step, data: Buffer.from(text).toString("base64") }]);
}

describe("LogSearch", () => {
  it("finds lines containing the query, whatever the case, as the reader sees them", () => {
    const model = modelOf(
      "Compiling cairn\n",
      "\x1b[31mERR\x1b[0mOR: disk full\n",
      "no match here\n",
      "50%\rerror again\n",
      "error\rdone\n",
      "\x1b[1;32mall good\x1b[0m\n",
    );
    const search = new LogSearch();
    expect(search.update(model, "error")).toBe(true);
    // Line 2 matches only once its colour codes are gone; line 5 was redrawn to "done".
    expect(search.matches).toEqual([2, 4]);
    search.update(model, "31m");
    expect(search.matches).toEqual([]);
    search.update(model, "(.*)");
    expect(search.matches).toEqual([]);
    search.update(model, "ALL GOOD");
    expect(search.matches).toEqual([6]);
    expect(search.update(model, "")).toBe(true);
    expect(search.count).toBe(0);
  });

  it("goes to the next and previous match, wrapping around", () => {
    const model = modelOf("a x\n", "b\n", "c x\n", "d\n", "e x\n");
    const search = new LogSearch();
    search.update(model, "x");
    expect(search.matches).toEqual([1, 3, 5]);
    expect(search.next(null)).toBe(1);
    expect(search.next(1)).toBe(3);
    expect(search.next(2)).toBe(3);
    expect(search.next(5)).toBe(1);
    expect(search.previous(null)).toBe(5);
    expect(search.previous(3)).toBe(1);
    expect(search.previous(4)).toBe(3);
    expect(search.previous(1)).toBe(5);
    expect([search.indexOf(3), search.indexOf(5), search.indexOf(2)]).toEqual([1, 2, -1]);
    search.update(model, "nothing");
    expect([search.next(null), search.previous(3)]).toEqual([null, null]);
  });

  it("scans only new lines while the query is unchanged, and lines still being written", () => {
    const model = modelOf("one needle\n", "two\n", "thr");
    const search = new LogSearch();
    search.update(model, "needle");
    expect(search.matches).toEqual([1]);
    const scannedLines: string[] = [];
    // Freeze the old lines: a rescan of them would show up here.
    const watched = {
      get lines() {
        return new Proxy(model.lines, {
          get(target, key, receiver) {
            if (typeof key === "string" && /^\d+$/.test(key)) {
              scannedLines.push(target[Number(key)]?.text ?? "");
            }
            return Reflect.get(target, key, receiver);
          },
        });
      },
      openLines: () => model.openLines(),
    };
    append(model, 0, "ee needle\nfour\n");
    append(model, 1, "needle in step 1\n");
    expect(search.update(watched, "needle")).toBe(true);
    expect(scannedLines).toEqual(["four", "needle in step 1"]);
    // Line 3 was open: "thr" grew into "three needle".
    expect(search.matches).toEqual([1, 3, 5]);
    expect(search.update(watched, "needle")).toBe(false);

    // A redrawn open line can stop matching.
    append(model, 2, "needle 10%");
    search.update(model, "needle");
    expect(search.matches).toEqual([1, 3, 5, 6]);
    append(model, 2, "\rdone\n");
    expect(search.update(model, "needle")).toBe(true);
    expect(search.matches).toEqual([1, 3, 5]);
  });

  it("stays fast on a million-line log", () => {
    const model = new LogModel();
    const batch = Array.from({ length: 1000 }, (_, index) => `line ${index} of output\n`).join("");
    for (let index = 0; index < 1200; index++) append(model, 0, batch);
    append(model, 0, "the unique marker\n");
    expect(model.lines.length).toBe(1_200_001);
    const search = new LogSearch();
    const started = performance.now();
    search.update(model, "UNIQUE marker");
    const full = performance.now() - started;
    expect(search.matches).toEqual([1_200_001]);
    append(model, 0, "one more unique marker\n");
    const again = performance.now();
    search.update(model, "UNIQUE marker");
    const incremental = performance.now() - again;
    expect(search.matches).toEqual([1_200_001, 1_200_002]);
    expect(full).toBeLessThan(2000);
    expect(incremental).toBeLessThan(5);
  });
});

describe("plain text and highlighting", () => {
  it("strips colour codes and keeps what a carriage return left", () => {
    expect(plainText("\x1b[33mwarn\x1b[0m: x")).toBe("warn: x");
    expect(plainText("10%\r\x1b[32m100%\x1b[0m")).toBe("100%");
  });

  it("finds every occurrence to highlight", () => {
    expect(matchRanges("Error, error, ERR", searchPattern("error"))).toEqual([
      [0, 5],
      [7, 12],
    ]);
    expect(matchRanges("a.b a+b", searchPattern("a+b"))).toEqual([[4, 7]]);
    expect(matchRanges("anything", null)).toEqual([]);
  });
});
