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
 * Payloads are handed on as views of the buffers read, never copied: a frame cut between
 * two reads comes out as two chunks (only a cut header is copied, 8 bytes at most).
 */
export class DockerFrameDecoder {
  private readonly header = Buffer.alloc(8);
  private headerBytes = 0;
  /** Payload bytes of the current frame still to come, and its stream. */
  private remaining = 0;
  private stream: OutputStream = "stdout";

  constructor(private readonly onOutput: OutputHandler) {}

  push(data: Buffer): void {
    let offset = 0;
    while (offset < data.length) {
      if (this.remaining === 0) {
        const taken = data.copy(
          this.header,
          this.headerBytes,
          offset,
          offset + 8 - this.headerBytes,
        );
        this.headerBytes += taken;
        offset += taken;
        if (this.headerBytes < 8) return;
        this.headerBytes = 0;
        this.stream = this.header[0] === 2 ? "stderr" : "stdout";
        this.remaining = this.header.readUInt32BE(4);
        continue;
      }
      const end = Math.min(data.length, offset + this.remaining);
      this.onOutput(data.subarray(offset, end), this.stream);
      this.remaining -= end - offset;
      offset = end;
    }
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
