import type { Db } from "@cairn/db";
import type { BlobStore } from "@cairn/storage";
import pg from "pg";
import { decodeLogNotification, LOG_CHANNEL, type LogChunk } from "./log-chunk.ts";
import { readLog } from "./read-log.ts";

export interface LogFollowerOptions {
  /** PostgreSQL to LISTEN on (a dedicated connection is opened). */
  connectionString: string;
  db: Db;
  store: BlobStore;
  /** Told about failed reads and lost connections (both are retried). */
  onError?: (error: unknown) => void;
  /** Chunks fetched per read while catching up. */
  batchSize?: number;
}

export type OnChunks = (chunks: LogChunk[]) => void | Promise<void>;

interface Subscription {
  jobId: string;
  cursor: number;
  step: number | undefined;
  onChunks: OnChunks;
  reading: boolean;
  readAgain: boolean;
  active: boolean;
}

const RECONNECT_DELAY_MS = 1000;

/**
 * Lets readers follow jobs' logs live: the backlog first, then each new chunk as it is
 * announced on `cairn_log`, with no gap and no duplicate. One LISTEN connection serves
 * every subscription of the process.
 */
export class LogFollower {
  private readonly subscriptions = new Map<string, Set<Subscription>>();
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly onError: (error: unknown) => void;
  private readonly batchSize: number;

  constructor(private readonly options: LogFollowerOptions) {
    this.onError = options.onError ?? (() => {});
    this.batchSize = options.batchSize ?? 500;
  }

  /** Connects and listens; follow() calls it when needed. */
  start(): Promise<void> {
    if (this.closed) return Promise.reject(new Error("LogFollower: start after close"));
    this.connecting ??= this.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  /**
   * Calls `onChunks` with the job's chunks after `afterSeq` (the backlog, before this
   * resolves), then with each later batch, in order, one call at a time. Returns the
   * function that stops following.
   */
  async follow(
    jobId: string,
    afterSeq: number,
    onChunks: OnChunks,
    options: { step?: number } = {},
  ): Promise<() => void> {
    if (!(Number.isSafeInteger(afterSeq) && afterSeq >= 0)) {
      throw new Error(`LogFollower: afterSeq must be a whole number ≥ 0, got ${afterSeq}`);
    }
    // Listening before the backlog is read is what rules out a gap.
    await this.start();
    const subscription: Subscription = {
      jobId,
      cursor: afterSeq,
      step: options.step,
      onChunks,
      reading: false,
      readAgain: false,
      active: true,
    };
    let forJob = this.subscriptions.get(jobId);
    if (!forJob) {
      forJob = new Set();
      this.subscriptions.set(jobId, forJob);
    }
    forJob.add(subscription);
    await this.catchUp(subscription);
    return () => this.unsubscribe(subscription);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    for (const forJob of this.subscriptions.values()) {
      for (const subscription of forJob) subscription.active = false;
    }
    this.subscriptions.clear();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private unsubscribe(subscription: Subscription): void {
    subscription.active = false;
    const forJob = this.subscriptions.get(subscription.jobId);
    forJob?.delete(subscription);
    if (forJob?.size === 0) this.subscriptions.delete(subscription.jobId);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.connectionString });
    client.on("notification", (message) => {
      if (message.channel !== LOG_CHANNEL) return;
      const notification = decodeLogNotification(message.payload);
      if (!notification) return;
      for (const subscription of this.subscriptions.get(notification.jobId) ?? []) {
        if (notification.seq > subscription.cursor) void this.catchUp(subscription);
      }
    });
    client.on("error", (error) => this.lostConnection(client, error));
    client.on("end", () => this.lostConnection(client, new Error("LISTEN connection ended")));
    await client.connect();
    await client.query(`LISTEN ${LOG_CHANNEL}`);
    this.client = client;
  }

  private lostConnection(client: pg.Client, error: unknown): void {
    if (this.closed || this.client !== client) return;
    this.onError(error);
    this.client = undefined;
    this.connecting = undefined;
    client.end().catch(() => {});
    this.reconnectTimer = setTimeout(() => this.reconnect(), RECONNECT_DELAY_MS);
  }

  private async reconnect(): Promise<void> {
    try {
      await this.start();
    } catch (error) {
      this.onError(error);
      if (!this.closed)
        this.reconnectTimer = setTimeout(() => this.reconnect(), RECONNECT_DELAY_MS);
      return;
    }
    // Announcements made while disconnected were missed: read what each follower lacks.
    for (const forJob of this.subscriptions.values()) {
      for (const subscription of forJob) void this.catchUp(subscription);
    }
  }

  /** Reads and delivers everything after the cursor; one reader per subscription. */
  private async catchUp(subscription: Subscription): Promise<void> {
    if (subscription.reading) {
      subscription.readAgain = true;
      return;
    }
    subscription.reading = true;
    try {
      do {
        subscription.readAgain = false;
        let chunks: LogChunk[];
        do {
          chunks = await readLog(this.options.db, this.options.store, subscription.jobId, {
            afterSeq: subscription.cursor,
            limit: this.batchSize,
            ...(subscription.step === undefined ? {} : { step: subscription.step }),
          });
          const last = chunks[chunks.length - 1];
          if (!last || !subscription.active) break;
          subscription.cursor = last.seq;
          await subscription.onChunks(chunks);
        } while (chunks.length === this.batchSize);
      } while (subscription.readAgain && subscription.active);
    } catch (error) {
      this.onError(error);
    } finally {
      subscription.reading = false;
    }
  }
}
