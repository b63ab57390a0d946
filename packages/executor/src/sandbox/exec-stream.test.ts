import { describe, expect, it } from "vitest";
import { DockerFrameDecoder, type OutputStream } from "./exec-stream.ts";

function frame(type: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe("DockerFrameDecoder", () => {
  it("keeps arrival order across stdout and stderr, binary-safe, across split frames", () => {
    const seen: [OutputStream, string][] = [];
    const decoder = new DockerFrameDecoder((chunk, stream) => {
      // Pieces of one frame arrive as they are read: join runs of the same stream.
      const last = seen[seen.length - 1];
      if (last && last[0] === stream) last[1] += chunk.toString("hex");
      else seen.push([stream, chunk.toString("hex")]);
    });
    const all = Buffer.concat([
      frame(1, Buffer.from([0x00, 0xff, 0x0a])),
      frame(2, Buffer.from("err")),
      frame(1, Buffer.alloc(0)),
      frame(1, Buffer.from("out")),
    ]);
    // Worst case: one byte at a time.
    for (let i = 0; i < all.length; i++) decoder.push(all.subarray(i, i + 1));
    expect(seen).toEqual([
      ["stdout", "00ff0a"],
      ["stderr", Buffer.from("err").toString("hex")],
      ["stdout", Buffer.from("out").toString("hex")],
    ]);
  });

  it("hands whole frames on as views of the buffer read, without copying", () => {
    const chunks: Buffer[] = [];
    const decoder = new DockerFrameDecoder((chunk) => chunks.push(chunk));
    const read = Buffer.concat([frame(1, Buffer.from("first")), frame(2, Buffer.from("second"))]);
    decoder.push(read);
    expect(chunks.map((chunk) => chunk.toString())).toEqual(["first", "second"]);
    expect(chunks.every((chunk) => chunk.buffer === read.buffer)).toBe(true);
  });
});
