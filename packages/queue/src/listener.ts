import pg from "pg";
import { CHANNELS } from "./channels.ts";

type JobCallback = (jobId: string) => void;

/** What a worker (or the web app) subscribes to. */
export interface QueueEvents {
  /** A job was queued: try to lease. */
  onQueued(callback: JobCallback): () => void;
  /** A job was canceled: if you run it, stop its containers. */
  onCanceled(callback: JobCallback): () => void;
  /** The connection was lost and is back: notifications may have been missed, so poll once. */
  onReconnected(callback: () => void): () => void;
  close(): Promise<void>;
}

export interface QueueListenerOptions {
  /** First delay before reconnecting, doubled up to maxReconnectDelayMs. Default 250 ms. */
  reconnectDelayMs?: number;
  /** Default 5000 ms. */
  maxReconnectDelayMs?: number;
  /** Told about connection problems (the message only; never the URL). */
  onError?: (error: Error) => void;
}

/**
 * LISTENs on the queue's channels with a dedicated `pg` connection (a pooled one would be
 * handed to other queries and lose the LISTEN). The connection comes back by itself after
 * PostgreSQL restarts or drops it; subscribers then get onReconnected.
 */
export class QueueListener implements QueueEvents {
  private client: pg.Client | undefined;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly subscribers = {
    queued: new Set<JobCallback>(),
    canceled: new Set<JobCallback>(),
    reconnected: new Set<() => void>(),
  };

  private constructor(
    private readonly databaseUrl: string,
    private readonly options: QueueListenerOptions,
  ) {}

  /** Connects and LISTENs; rejects when the first connection fails. */
  static async connect(
    databaseUrl: string,
    options: QueueListenerOptions = {},
  ): Promise<QueueListener> {
    const listener = new QueueListener(databaseUrl, options);
    listener.client = await listener.open();
    return listener;
  }

  onQueued(callback: JobCallback): () => void {
    return subscribe(this.subscribers.queued, callback);
  }

  onCanceled(callback: JobCallback): () => void {
    return subscribe(this.subscribers.canceled, callback);
  }

  onReconnected(callback: () => void): () => void {
    return subscribe(this.subscribers.reconnected, callback);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async open(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.databaseUrl, keepAlive: true });
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client, new Error("connection ended")));
    client.on("notification", (message) => this.dispatch(message));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNELS.queued}; LISTEN ${CHANNELS.canceled}`);
    } catch (error) {
      client.removeAllListeners("end");
      await client.end().catch(() => undefined);
      throw new Error(`queue listener could not LISTEN: ${messageOf(error)}`);
    }
    return client;
  }

  private dispatch(message: pg.Notification): void {
    const jobId = message.payload ?? "";
    const callbacks =
      message.channel === CHANNELS.queued
        ? this.subscribers.queued
        : message.channel === CHANNELS.canceled
          ? this.subscribers.canceled
          : undefined;
    for (const callback of callbacks ?? []) callback(jobId);
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.closed || client !== this.client) return;
    this.client = undefined;
    client.removeAllListeners();
    client.on("error", () => undefined); // a dying socket may still report
    client.end().catch(() => undefined);
    this.options.onError?.(new Error(`queue listener lost its connection: ${error.message}`));
    this.scheduleReconnect(this.options.reconnectDelayMs ?? 250);
  }

  private scheduleReconnect(delayMs: number): void {
    if (this.closed) return;
    this.reconnectTimer = setTimeout(async () => {
      try {
        const client = await this.open();
        if (this.closed) {
          await client.end().catch(() => undefined);
          return;
        }
        this.client = client;
        for (const callback of this.subscribers.reconnected) callback();
      } catch (error) {
        this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
        this.scheduleReconnect(Math.min(delayMs * 2, this.options.maxReconnectDelayMs ?? 5000));
      }
    }, delayMs);
  }
}

function subscribe<T>(set: Set<T>, callback: T): () => void {
  set.add(callback);
  return () => set.delete(callback);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
