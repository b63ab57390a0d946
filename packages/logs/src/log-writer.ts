import { type OutputMasker, SecretMasker } from "@cairn/secrets";
import { ByteQueue } from "./byte-queue.ts";
import type { LogChunk } from "./log-chunk.ts";
import type { LogChunkSink } from "./log-sink.ts";
import { truncationNotice } from "./truncation-notice.ts";

export interface LogWriterOptions {
  sink: LogChunkSink;
  /** Values to print as `****` (project and context variables). */
  secrets?: Iterable<string>;
  /** Bytes of output kept per job; beyond it the log ends with a notice. */
  maxBytes?: number;
  /** Longest time output waits before it is stored. */
  flushIntervalMs?: number;
  /** Output stored at once when this much is waiting; also the largest chunk. */
  flushBytes?: number;
  /**
   * Most bytes one store carries when output backs up (several chunks in one transaction);
   * the rest waits for the next store, which starts as soon as this one ends.
   */
  maxBatchBytes?: number;
  /** Above this many buffered bytes `write()` returns false; `drained()` waits for room. */
  highWaterMark?: number;
  /** Told about a background store that failed (it is retried at the next flush). */
  onError?: (error: unknown) => void;
}

export const DEFAULT_LOG_MAX_BYTES = 50 * 1024 * 1024;
const DEFAULT_MAX_BATCH_BYTES = 1024 * 1024;
const DEFAULT_HIGH_WATER_MARK = 8 * 1024 * 1024;
const NEWLINE = 0x0a;

interface StepOutput {
  stepIndex: number | null;
  masker: OutputMasker;
  pending: ByteQueue;
  /** Bytes ever queued and ever taken into chunks: `flush()` waits until taken ≥ queued. */
  queued: number;
  taken: number;
  /** Whether output arrived since the last flush: a quiet step's held bytes are released. */
  active: boolean;
  lastByte: number | undefined;
}

/**
 * Turns a job's output into stored, announced chunks: masked on the way in, batched every
 * `flushIntervalMs` or `flushBytes` (never a row per line), numbered 1, 2, 3… with no gap.
 * Writes are synchronous; storing happens in the background, one store at a time.
 *
 * The batch adapts to the load: light output is stored every interval as one small chunk,
 * so it shows up quickly. When output arrives faster than a store takes, it piles up
 * while the one store in flight runs, and the next store takes up to `maxBatchBytes` of
 * it at once (chunks of at most `flushBytes`), so the per-transaction cost is paid per
 * megabyte instead of per line. Memory: the writer cannot pause its producer (writes are
 * synchronous), so what waits is bounded only by `maxBytes`, the log's cap; `write()`
 * returning false and `drained()` let a producer that can pause keep it near
 * `highWaterMark` instead.
 */
export class LogWriter {
  private readonly sink: LogChunkSink;
  private readonly secrets: string[];
  private readonly maxBytes: number;
  private readonly flushIntervalMs: number;
  private readonly flushBytes: number;
  private readonly maxBatchBytes: number;
  private readonly highWaterMark: number;
  private readonly onError: (error: unknown) => void;

  private readonly steps = new Map<number | null, StepOutput>();
  private pendingBytes = 0;
  private acceptedBytes = 0;
  private truncated = false;
  private truncationStored = false;
  private closed = false;
  private closing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private drainWaiters: (() => void)[] = [];

  private nextSeq: number | undefined;
  private unsent: LogChunk[] = [];
  private resyncNeeded = false;
  private queue: Promise<void> = Promise.resolve();
  private flushWaiting = false;

  constructor(options: LogWriterOptions) {
    this.sink = options.sink;
    this.secrets = [...(options.secrets ?? [])];
    this.maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
    this.flushIntervalMs = options.flushIntervalMs ?? 50;
    this.flushBytes = options.flushBytes ?? 32 * 1024;
    this.maxBatchBytes =
      options.maxBatchBytes ?? Math.max(DEFAULT_MAX_BATCH_BYTES, this.flushBytes);
    this.highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
    this.onError = options.onError ?? (() => {});
    for (const name of ["maxBytes", "flushBytes", "maxBatchBytes", "highWaterMark"] as const) {
      if (!(this[name] > 0)) throw new Error(`LogWriter: ${name} must be a positive number`);
    }
  }

  /** True once output went past the size cap. */
  get isTruncated(): boolean {
    return this.truncated;
  }

  /** Bytes written but not yet handed to the sink. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  /**
   * Adds output of a step (null: output of no step). Bytes are kept exactly, masked.
   * The writer holds on to `data` until it is stored: do not change it afterwards.
   * Returns false when more than `highWaterMark` bytes wait: a producer that can pause
   * should wait for `drained()` (the output is kept either way).
   */
  write(stepIndex: number | null, data: Buffer): boolean {
    if (this.closed) throw new Error("LogWriter: write after close");
    if (this.truncated || data.length === 0) return true;
    const step = this.stepOutput(stepIndex);
    step.active = true;
    this.accept(step, step.masker.write(data));
    this.schedule();
    return this.pendingBytes <= this.highWaterMark;
  }

  /** Resolves once no more than `highWaterMark` bytes wait (at once if so already). */
  drained(): Promise<void> {
    if (this.pendingBytes <= this.highWaterMark || this.closing) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Stores everything written so far, including what the masker held back. */
  flush(): Promise<void> {
    return this.enqueue(true);
  }

  /** Flushes and stops (releasing the sink's connections); later writes throw. */
  async close(): Promise<void> {
    if (this.closing) return this.closing.catch(() => {});
    const done = this.flush();
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.closing = done.finally(() => {
      this.wakeDrainWaiters();
      return this.sink.close?.();
    });
    return this.closing;
  }

  private stepOutput(stepIndex: number | null): StepOutput {
    let step = this.steps.get(stepIndex);
    if (!step) {
      const masker = new SecretMasker(this.secrets);
      step = {
        stepIndex,
        masker,
        pending: new ByteQueue(),
        queued: 0,
        taken: 0,
        active: false,
        lastByte: undefined,
      };
      this.steps.set(stepIndex, step);
    }
    return step;
  }

  private accept(step: StepOutput, data: Buffer): void {
    if (this.truncated || data.length === 0) return;
    const room = this.maxBytes - this.acceptedBytes;
    if (data.length <= room) {
      this.append(step, data);
      return;
    }
    this.append(step, data.subarray(0, room));
    const lead = step.lastByte === undefined || step.lastByte === NEWLINE ? "" : "\n";
    this.append(step, Buffer.from(`${lead}${truncationNotice(this.maxBytes)}\n`));
    this.truncated = true;
    // The rest is discarded, including what maskers hold back.
    for (const other of this.steps.values()) other.masker.flush();
  }

  private append(step: StepOutput, data: Buffer): void {
    if (data.length === 0) return;
    // Kept as it is, not copied: at 100 MB of output a copy costs more in garbage
    // collection than anything else on the way (write() says so to its callers).
    step.pending.push(data);
    step.queued += data.length;
    step.lastByte = data[data.length - 1];
    this.pendingBytes += data.length;
    this.acceptedBytes += data.length;
  }

  private schedule(): void {
    if (this.flushWaiting) return; // it will take everything written until it starts
    if (this.pendingBytes >= this.flushBytes && !this.resyncNeeded) {
      void this.enqueue(false).catch(() => {});
    } else if (this.timer === undefined && this.hasWork()) {
      // After a failure, retry calmly rather than every few milliseconds.
      const delay = this.resyncNeeded ? Math.max(this.flushIntervalMs, 1000) : this.flushIntervalMs;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.enqueue(false).catch(() => {});
      }, delay);
    }
  }

  private hasWork(): boolean {
    return this.pendingBytes > 0 || this.unsent.length > 0 || this.anyHeld();
  }

  private anyHeld(): boolean {
    for (const step of this.steps.values()) if (step.masker.heldBytes > 0) return true;
    return false;
  }

  /** Flushes run one after another, so seqs are assigned and stored in order. */
  private enqueue(releaseAll: boolean): Promise<void> {
    this.flushWaiting = true;
    const run = this.queue.then(() => {
      this.flushWaiting = false;
      return this.store(releaseAll);
    });
    this.queue = run.catch(() => {});
    return run;
  }

  private async store(releaseAll: boolean): Promise<void> {
    for (const step of this.steps.values()) {
      // Bytes held by a step that went quiet are released: holding them longer only
      // delays output. An active step keeps them, as its next write may finish a secret.
      if (releaseAll || !step.active) this.accept(step, step.masker.flush());
      step.active = false;
    }
    // flush() stores what was written before it, batch after batch; output written
    // meanwhile does not keep it waiting.
    const targets = releaseAll
      ? [...this.steps.values()].map((step) => [step, step.queued] as const)
      : [];
    try {
      do await this.sendBatch();
      while (targets.some(([step, queued]) => step.taken < queued));
    } catch (error) {
      this.resyncNeeded = true;
      if (!releaseAll) this.onError(error);
      throw error;
    } finally {
      if (!this.closed) this.schedule();
      if (this.pendingBytes <= this.highWaterMark) this.wakeDrainWaiters();
    }
  }

  private wakeDrainWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Stores what failed last time plus waiting output, up to `maxBatchBytes` in all. */
  private async sendBatch(): Promise<void> {
    if (this.nextSeq === undefined || this.resyncNeeded) {
      // After a failed append we cannot know whether it committed: ask.
      const stored = await this.sink.lastSeq();
      this.unsent = this.unsent.filter((chunk) => chunk.seq > stored);
      this.nextSeq ??= stored + 1;
      this.resyncNeeded = false;
    }
    let batchBytes = this.unsent.reduce((sum, chunk) => sum + chunk.data.length, 0);
    for (const step of this.steps.values()) {
      while (step.pending.length > 0 && batchBytes < this.maxBatchBytes) {
        const data = step.pending.take(this.flushBytes);
        step.taken += data.length;
        this.pendingBytes -= data.length;
        batchBytes += data.length;
        this.unsent.push({ seq: this.nextSeq++, stepIndex: step.stepIndex, data });
      }
    }
    if (this.unsent.length === 0) return;
    const truncated = this.truncated && !this.truncationStored;
    await this.sink.append(this.unsent, { truncated });
    this.unsent = [];
    if (truncated) this.truncationStored = true;
  }
}
