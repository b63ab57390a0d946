import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LogChunk } from "./log-chunk.ts";
import type { LogChunkSink } from "./log-sink.ts";
import { LogWriter } from "./log-writer.ts";

/** Keeps appended chunks in memory; the PostgreSQL sink has its own integration tests. */
class MemorySink implements LogChunkSink {
  readonly appends: { chunks: LogChunk[]; truncated: boolean }[] = [];
  failNext = 0;

  async lastSeq(): Promise<number> {
    return this.chunks.at(-1)?.seq ?? 0;
  }

  async append(chunks: LogChunk[], options: { truncated: boolean }): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error("database unavailable");
    }
    this.appends.push({ chunks: [...chunks], truncated: options.truncated });
  }

  get chunks(): LogChunk[] {
    return this.appends.flatMap((append) => append.chunks);
  }

  text(): string {
    return Buffer.concat(this.chunks.map((chunk) => chunk.data)).toString();
  }
}

let sink: MemorySink;
beforeEach(() => {
  vi.useFakeTimers();
  sink = new MemorySink();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("LogWriter chunking", () => {
  it("batches lines written within the interval into one chunk", async () => {
    const writer = new LogWriter({ sink, flushIntervalMs: 50 });
    for (let i = 0; i < 100; i++) writer.write(0, Buffer.from(`line ${i}\n`));
    await vi.advanceTimersByTimeAsync(49);
    expect(sink.appends).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(sink.chunks).toHaveLength(1);
    expect(sink.chunks[0]).toMatchObject({ seq: 1, stepIndex: 0 });
    expect(sink.text().split("\n")).toHaveLength(101);
    await writer.close();
  });

  it("stores at once when the size threshold is reached", async () => {
    const writer = new LogWriter({ sink, flushBytes: 1024, flushIntervalMs: 10_000 });
    writer.write(1, Buffer.alloc(600, "a"));
    await vi.advanceTimersByTimeAsync(0);
    expect(sink.appends).toHaveLength(0);
    writer.write(1, Buffer.alloc(600, "b"));
    await vi.advanceTimersByTimeAsync(0);
    expect(sink.chunks.map((chunk) => chunk.data.length)).toEqual([1024, 176]);
    await writer.close();
  });

  it("numbers chunks 1, 2, 3… across flushes and steps", async () => {
    const writer = new LogWriter({ sink });
    writer.write(0, Buffer.from("zero\n"));
    writer.write(1, Buffer.from("one\n"));
    await writer.flush();
    writer.write(null, Buffer.from("no step\n"));
    await writer.close();
    expect(sink.chunks.map((chunk) => [chunk.seq, chunk.stepIndex])).toEqual([
      [1, 0],
      [2, 1],
      [3, null],
    ]);
    expect(() => writer.write(0, Buffer.from("late"))).toThrow(/write after close/);
  });

  it("masks secrets split across writes before storing", async () => {
    const writer = new LogWriter({ sink, secrets: ["hunter2-password"] });
    writer.write(0, Buffer.from("login hunter2-pa"));
    await vi.advanceTimersByTimeAsync(50);
    writer.write(0, Buffer.from("ssword ok\n"));
    await writer.close();
    expect(sink.text()).toBe("login **** ok\n");
  });

  it("releases a held-back partial secret once the step goes quiet", async () => {
    const writer = new LogWriter({ sink, secrets: ["hunter2-password"], flushIntervalMs: 50 });
    writer.write(0, Buffer.from("prompt hunt"));
    await vi.advanceTimersByTimeAsync(50);
    expect(sink.text()).toBe("prompt ");
    await vi.advanceTimersByTimeAsync(50);
    expect(sink.text()).toBe("prompt hunt");
    await writer.close();
  });

  it("ends the log with a visible notice at the size cap", async () => {
    const writer = new LogWriter({ sink, maxBytes: 100 });
    writer.write(0, Buffer.alloc(60, "x"));
    writer.write(0, Buffer.alloc(60, "y"));
    writer.write(0, Buffer.from("DROPPED"));
    await writer.close();
    expect(sink.text()).toBe(
      `${"x".repeat(60)}${"y".repeat(40)}\nLog truncated: this job's output exceeded 100 bytes; ` +
        "the rest was discarded. Raise CAIRN_LOG_MAX_BYTES to keep more.\n",
    );
    expect(writer.isTruncated).toBe(true);
    expect(sink.appends.filter((append) => append.truncated)).toHaveLength(1);
  });

  it("keeps output when the sink fails and stores it on the next flush", async () => {
    const errors: unknown[] = [];
    const writer = new LogWriter({ sink, onError: (error) => errors.push(error) });
    sink.failNext = 1;
    writer.write(0, Buffer.from("survives\n"));
    await vi.advanceTimersByTimeAsync(50);
    expect(errors).toHaveLength(1);
    expect(sink.appends).toHaveLength(0);
    writer.write(0, Buffer.from("and more\n"));
    await writer.close();
    expect(sink.text()).toBe("survives\nand more\n");
    expect(sink.chunks.map((chunk) => chunk.seq)).toEqual([1, 2]);
  });

  it("stores binary output byte for byte", async () => {
    const writer = new LogWriter({ sink, secrets: ["some-secret"] });
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    for (let i = 0; i < binary.length; i += 333) writer.write(0, binary.subarray(i, i + 333));
    await writer.close();
    expect(Buffer.concat(sink.chunks.map((chunk) => chunk.data))).toEqual(binary);
  });

  it("stores a backlog in batches of at most maxBatchBytes, each of chunks up to flushBytes", async () => {
    const writer = new LogWriter({ sink, flushBytes: 1000, maxBatchBytes: 4000 });
    for (let i = 0; i < 25; i++) writer.write(0, Buffer.alloc(400, 97 + (i % 26)));
    await writer.close();
    expect(sink.appends.map((append) => append.chunks.length)).toEqual([4, 4, 2]);
    expect(sink.chunks.every((chunk) => chunk.data.length <= 1000)).toBe(true);
    expect(sink.chunks.map((chunk) => chunk.seq)).toEqual(
      Array.from({ length: 10 }, (_, i) => i + 1),
    );
    expect(sink.text()).toBe(
      Array.from({ length: 25 }, (_, i) => String.fromCharCode(97 + (i % 26)).repeat(400)).join(""),
    );
  });

  it("signals a backlog past highWaterMark and resolves drained() once it is stored", async () => {
    const writer = new LogWriter({ sink, flushBytes: 100, maxBatchBytes: 100, highWaterMark: 250 });
    expect(writer.write(0, Buffer.alloc(200, "a"))).toBe(true);
    expect(writer.write(0, Buffer.alloc(200, "b"))).toBe(false);
    let drained = false;
    void writer.drained().then(() => {
      drained = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(writer.bufferedBytes).toBeLessThanOrEqual(250);
    expect(drained).toBe(true);
    await writer.close();
    expect(sink.text()).toBe(`${"a".repeat(200)}${"b".repeat(200)}`);
  });

  it("rejects settings that make no sense", () => {
    expect(() => new LogWriter({ sink, maxBytes: 0 })).toThrow(/maxBytes/);
    expect(() => new LogWriter({ sink, flushBytes: -1 })).toThrow(/flushBytes/);
    expect(() => new LogWriter({ sink, maxBatchBytes: 0 })).toThrow(/maxBatchBytes/);
  });
});
