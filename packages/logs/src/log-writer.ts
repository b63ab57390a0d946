import { type OutputMasker, SecretMasker } from "@cairn/secrets";
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
  /** Told about a background store that failed (it is retried at the next flush). */
  onError?: (error: unknown) => void;
}

export const DEFAULT_LOG_MAX_BYTES = 50 * 1024 * 1024;
const NEWLINE = 0x0a;

interface StepOutput {
  stepIndex: number | null;
  masker: OutputMasker;
  pending: Buffer[];
  /** Whether output arrived since the last flush: a quiet step's held bytes are released. */
  active: boolean;
  lastByte: number | undefined;
}

/**
 * Turns a job's output into stored, announced chunks: masked on the way in, batched every
 * `flushIntervalMs` or `flushBytes` (never a row per line), numbered 1, 2, 3… with no gap.
 * Writes are synchronous; storing happens in the background, one flush at a time.
 */
export class LogWriter {
  private readonly sink: LogChunkSink;
  private readonly secrets: string[];
  private readonly maxBytes: number;
  private readonly flushIntervalMs: number;
  private readonly flushBytes: number;
  private readonly onError: (error: unknown) => void;

  private readonly steps = new Map<number | null, StepOutput>();
  private pendingBytes = 0;
  private acceptedBytes = 0;
  private truncated = false;
  private truncationStored = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;

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
    this.onError = options.onError ?? (() => {});
    if (!(this.maxBytes > 0)) throw new Error("LogWriter: maxBytes must be a positive number");
    if (!(this.flushBytes > 0)) throw new Error("LogWriter: flushBytes must be a positive number");
  }

  /** True once output went past the size cap. */
  get isTruncated(): boolean {
    return this.truncated;
  }

  /** Adds output of a step (null: output of no step). Bytes are kept exactly, masked. */
  write(stepIndex: number | null, data: Buffer): void {
    if (this.closed) throw new Error("LogWriter: write after close");
    if (this.truncated || data.length === 0) return;
    const step = this.stepOutput(stepIndex);
    step.active = true;
    this.accept(step, step.masker.write(data));
    this.schedule();
  }

  /** Stores everything written so far, including what the masker held back. */
  flush(): Promise<void> {
    return this.enqueue(true);
  }

  /** Flushes and stops; later writes throw. */
  async close(): Promise<void> {
    if (this.closed) return this.queue;
    const done = this.flush();
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    return done;
  }

  private stepOutput(stepIndex: number | null): StepOutput {
    let step = this.steps.get(stepIndex);
    if (!step) {
      const masker = new SecretMasker(this.secrets);
      step = { stepIndex, masker, pending: [], active: false, lastByte: undefined };
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
    // Copied: callers may reuse their buffer (stream pools) once write() returns.
    step.pending.push(Buffer.from(data));
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
    try {
      await this.sendPending();
    } catch (error) {
      this.resyncNeeded = true;
      if (!releaseAll) this.onError(error);
      throw error;
    } finally {
      if (!this.closed) this.schedule();
    }
  }

  private async sendPending(): Promise<void> {
    if (this.nextSeq === undefined || this.resyncNeeded) {
      // After a failed append we cannot know whether it committed: ask.
      const stored = await this.sink.lastSeq();
      this.unsent = this.unsent.filter((chunk) => chunk.seq > stored);
      this.nextSeq ??= stored + 1;
      this.resyncNeeded = false;
    }
    for (const step of this.steps.values()) {
      if (step.pending.length === 0) continue;
      const data = Buffer.concat(step.pending);
      step.pending = [];
      for (let start = 0; start < data.length; start += this.flushBytes) {
        const piece = data.subarray(start, start + this.flushBytes);
        this.unsent.push({ seq: this.nextSeq++, stepIndex: step.stepIndex, data: piece });
      }
    }
    this.pendingBytes = 0;
    if (this.unsent.length === 0) return;
    const truncated = this.truncated && !this.truncationStored;
    await this.sink.append(this.unsent, { truncated });
    this.unsent = [];
    if (truncated) this.truncationStored = true;
  }
}
