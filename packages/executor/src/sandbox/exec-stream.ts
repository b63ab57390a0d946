import type { Duplex } from "node:stream";

export type OutputStream = "stdout" | "stderr";
/**
 * Receives a step's output. Returning exactly false means "slow down": the reader pauses
 * Docker's stream until the `drained` promise given alongside resolves (no `drained`: the
 * return value is ignored). Any other return value, or none, means "go on".
 */
export type OutputHandler = (chunk: Buffer, stream: OutputStream) => unknown;

/**
 * Splits Docker's multiplexed attach stream (8-byte frame headers: stream type, 3 zero
 * bytes, big-endian length) back into stdout/stderr chunks, in the order they arrived.
 * Docker's own demuxer writes into two separate streams, which loses that order.
 */
export class DockerFrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onOutput: OutputHandler) {}

  push(data: Buffer): void {
    let buffer = this.pending.length > 0 ? Buffer.concat([this.pending, data]) : data;
    while (buffer.length >= 8) {
      const size = buffer.readUInt32BE(4);
      if (buffer.length < 8 + size) break;
      const type = buffer[0];
      if (size > 0) this.onOutput(buffer.subarray(8, 8 + size), type === 2 ? "stderr" : "stdout");
      buffer = buffer.subarray(8 + size);
    }
    this.pending = buffer.length > 0 ? Buffer.from(buffer) : Buffer.alloc(0);
  }
}

/**
 * Feeds an attach stream to `onOutput`; resolves when it ends (or errors, or is destroyed).
 * When `onOutput` returns false and `drained` is given, reading stops until `drained()`
 * settles: the socket's buffers fill, Docker stops copying and the step's writes block, so
 * a slow consumer holds a bounded amount of output instead of all of it.
 */
export function pumpAttachStream(
  stream: Duplex,
  onOutput: OutputHandler,
  drained?: () => Promise<void>,
): Promise<void> {
  let slowDown = false;
  const decoder = new DockerFrameDecoder((chunk, kind) => {
    if (onOutput(chunk, kind) === false) slowDown = true;
  });
  return new Promise((resolve) => {
    stream.on("data", (data: Buffer) => {
      decoder.push(data);
      if (!slowDown || !drained) return;
      slowDown = false;
      stream.pause();
      // A consumer that fails to say when it drained must not stall the step forever.
      void drained()
        .catch(() => {})
        .then(() => stream.resume());
    });
    stream.on("end", resolve);
    stream.on("close", resolve);
    stream.on("error", () => resolve());
  });
}
