import { Readable, Transform } from "node:stream";

/** A pass-through that counts the bytes of a body whose length is not known in advance. */
export function countBytes(body: NodeJS.ReadableStream): { stream: Readable; size: () => number } {
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer | string, _encoding, callback) {
      size += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
      callback(null, chunk);
    },
  });
  const source = body instanceof Readable ? body : new Readable().wrap(body);
  source.on("error", (error) => counter.destroy(error));
  return { stream: source.pipe(counter), size: () => size };
}
