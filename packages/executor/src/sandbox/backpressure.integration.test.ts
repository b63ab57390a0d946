import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerClient } from "../docker-client.ts";
import { createTestSandbox, removeTestObjects, runStep } from "../testing/sandbox-fixtures.ts";
import type { DockerJobSandbox } from "./docker-job-sandbox.ts";

const docker = createDockerClient(process.env.DOCKER_HOST);
const LINES = 8_000_000; // `seq` prints ~69 MB
const HIGH_WATER_MARK = 1024 * 1024;
const MiB = 1024 * 1024;

/** Checks `seq 1 N` output piece by piece without keeping it. */
class SeqChecker {
  private next = 1;
  private carry = "";
  bytes = 0;
  mismatch: string | undefined;

  take(chunk: Buffer): void {
    this.bytes += chunk.length;
    const lines = (this.carry + chunk.toString("latin1")).split("\n");
    this.carry = lines.pop() ?? "";
    for (const line of lines) {
      if (this.mismatch === undefined && line !== String(this.next)) {
        this.mismatch = `expected ${this.next}, got ${line.slice(0, 20)}`;
      }
      this.next++;
    }
  }

  get linesSeen(): number {
    return this.next - 1;
  }
}

/**
 * A consumer slower than the step (about 40 MB/s): chunks wait in a queue like LogWriter's;
 * write() says false above the high-water mark and drained() resolves once below it.
 */
class SlowConsumer {
  readonly checker = new SeqChecker();
  private queue: Buffer[] = [];
  queuedBytes = 0;
  peakQueuedBytes = 0;
  pauses = 0;
  private readonly timer = setInterval(() => this.consume(512 * 1024), 12);

  write(chunk: Buffer): boolean {
    this.queue.push(Buffer.from(chunk));
    this.queuedBytes += chunk.length;
    this.peakQueuedBytes = Math.max(this.peakQueuedBytes, this.queuedBytes);
    return this.queuedBytes <= HIGH_WATER_MARK;
  }

  async drained(): Promise<void> {
    this.pauses++;
    while (this.queuedBytes > HIGH_WATER_MARK) await new Promise((r) => setTimeout(r, 5));
  }

  finish(): void {
    clearInterval(this.timer);
    this.consume(Number.POSITIVE_INFINITY);
  }

  private consume(budget: number): void {
    let left = budget;
    while (left > 0 && this.queue.length > 0) {
      const chunk = this.queue.shift() as Buffer;
      this.checker.take(chunk);
      this.queuedBytes -= chunk.length;
      left -= chunk.length;
    }
  }
}

/** The size of `seq 1 n`'s output: every number's digits plus its newline. */
function seqOutputBytes(n: number): number {
  let bytes = 0;
  for (let digits = 1, from = 1; from <= n; digits++, from *= 10) {
    bytes += (Math.min(n, from * 10 - 1) - from + 1) * (digits + 1);
  }
  return bytes;
}

let sandbox: DockerJobSandbox;

beforeAll(async () => {
  sandbox = await createTestSandbox(docker);
});

afterAll(async () => {
  await sandbox?.destroy();
  await removeTestObjects(docker);
});

describe("output backpressure", () => {
  it("pauses Docker's stream for a slow consumer: every byte arrives, in order, and little waits", async () => {
    const consumer = new SlowConsumer();
    const baseline = process.memoryUsage().arrayBuffers;
    let peakArrayBuffers = baseline;
    const result = await sandbox.runStep(runStep(`seq 1 ${LINES}`), {
      onOutput: (chunk) => {
        peakArrayBuffers = Math.max(peakArrayBuffers, process.memoryUsage().arrayBuffers);
        return consumer.write(chunk);
      },
      drained: () => consumer.drained(),
    });
    consumer.finish();

    expect(result.exitCode).toBe(0);
    expect(consumer.checker.mismatch).toBeUndefined();
    expect(consumer.checker.linesSeen).toBe(LINES);
    const totalBytes = consumer.checker.bytes;
    expect(totalBytes).toBe(seqOutputBytes(LINES));
    expect(consumer.pauses).toBeGreaterThan(10);
    // Without pausing, the queue grows to most of the output (the step writes far faster).
    expect(consumer.peakQueuedBytes).toBeLessThan(HIGH_WATER_MARK + 2 * MiB);
    expect(peakArrayBuffers - baseline).toBeLessThan(totalBytes / 2);
  }, 60_000);
});
