import { describe, expect, it } from "vitest";
import { ByteQueue } from "./byte-queue.ts";

describe("ByteQueue", () => {
  it("hands bytes back in order, split at the size asked for", () => {
    const queue = new ByteQueue();
    queue.push(Buffer.from("abc"));
    queue.push(Buffer.from(""));
    queue.push(Buffer.from("defgh"));
    expect(queue.length).toBe(8);
    expect(queue.take(2).toString()).toBe("ab");
    expect(queue.take(4).toString()).toBe("cdef");
    expect(queue.length).toBe(2);
    expect(queue.take(100).toString()).toBe("gh");
    expect(queue.take(100)).toHaveLength(0);
    expect(queue.length).toBe(0);
  });

  it("keeps many small pieces intact across takes", () => {
    const queue = new ByteQueue();
    const expected: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const line = `line ${i}\n`;
      expected.push(line);
      queue.push(Buffer.from(line));
    }
    const out: Buffer[] = [];
    while (queue.length > 0) out.push(queue.take(1000));
    expect(out.every((part) => part.length <= 1000)).toBe(true);
    expect(Buffer.concat(out).toString()).toBe(expected.join(""));
  });
});
