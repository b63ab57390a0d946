import type { BlobStore } from "@cairn/storage";
import type pg from "pg";
import { encodeLogNotification, LOG_CHANNEL, type LogChunk } from "./log-chunk.ts";
import { logSegmentKey, SEGMENT_MIN_BYTES } from "./log-segments.ts";
import type { LogChunkSink } from "./log-sink.ts";

// Rows per INSERT: 4 parameters each stay well under PostgreSQL's 65,535 per statement.
const ROWS_PER_INSERT = 1000;

/** Where a store's chunks sit in its segment blob, when it has one. */
interface Segment {
  key: string;
  /** Offset of each chunk, in the order of the chunks. */
  offsets: number[];
}

/**
 * Stores a job's chunks in `log_chunks` through a plain `pg` pool, NOTIFYing `cairn_log`
 * in the same transaction. Bulk output is the one write Prisma is too slow for (several
 * times slower per megabyte, and its work blocks the event loop that reads the step's
 * output), so log writes bypass it; everything else keeps using the Prisma client.
 * Given a blob store, a store of at least SEGMENT_MIN_BYTES puts its bytes in a segment
 * blob first and writes rows pointing into it (see log-segments.ts).
 */
export class PgLogSink implements LogChunkSink {
  constructor(
    private readonly pool: pg.Pool,
    private readonly jobId: string,
    /** Ended by `close()` when the sink made it for itself. */
    private readonly ownsPool = false,
    private readonly segmentStore?: BlobStore,
  ) {}

  async lastSeq(): Promise<number> {
    const result = await this.pool.query<{ seq: number | null }>(
      "SELECT max(seq) AS seq FROM log_chunks WHERE job_id = $1",
      [this.jobId],
    );
    return result.rows[0]?.seq ?? 0;
  }

  async append(chunks: LogChunk[], options: { truncated: boolean }): Promise<void> {
    const last = chunks[chunks.length - 1];
    if (!last) return;
    // Written before the rows that point into it, so a reader never meets a dangling row.
    const segment = await this.putSegment(chunks);
    const client = await this.pool.connect();
    try {
      if (segment) await client.query(this.pointerTransaction(client, chunks, segment, options));
      else await this.storeInRows(client, chunks, options);
      client.release();
    } catch (error) {
      // The connection's state is unknown (mid-transaction, or broken): never reuse it.
      client.release(error instanceof Error ? error : true);
      throw error;
    }
  }

  private async storeInRows(
    client: pg.PoolClient,
    chunks: LogChunk[],
    options: { truncated: boolean },
  ): Promise<void> {
    // Logs are rebuilt from nothing else, but a crash losing the last few hundred
    // milliseconds of output is acceptable, whereas waiting for the WAL flush on every
    // batch halves throughput. Without synchronous commit a crash can lose recently
    // committed batches (always whole transactions at the end), never corrupt or
    // reorder them; the writer continues after the stored max seq.
    await client.query("BEGIN; SET LOCAL synchronous_commit = off");
    for (let start = 0; start < chunks.length; start += ROWS_PER_INSERT) {
      await client.query(this.insert(chunks.slice(start, start + ROWS_PER_INSERT)));
    }
    if (options.truncated) {
      await client.query("UPDATE jobs SET log_truncated = true WHERE id = $1", [this.jobId]);
    }
    // Delivered at commit, so a listener never hears of rows it cannot read yet.
    await client.query("SELECT pg_notify($1, $2)", [LOG_CHANNEL, this.notification(chunks)]);
    await client.query("COMMIT");
  }

  /**
   * The same transaction for rows pointing into a segment, as one simple query: only
   * numbers and escaped strings, so heavy output pays one round trip per store.
   */
  private pointerTransaction(
    client: pg.PoolClient,
    chunks: LogChunk[],
    segment: Segment,
    options: { truncated: boolean },
  ): string {
    const job = client.escapeLiteral(this.jobId);
    const key = client.escapeLiteral(segment.key);
    const rows = chunks.map((chunk, index) => {
      const step = chunk.stepIndex === null ? "NULL" : Math.trunc(chunk.stepIndex);
      const offset = segment.offsets[index] ?? 0;
      return `(${job}, ${Math.trunc(chunk.seq)}, ${step}, ${key}, ${offset}, ${chunk.data.length})`;
    });
    const columns = "job_id, seq, step_index, segment_key, segment_offset, segment_length";
    return [
      "BEGIN",
      "SET LOCAL synchronous_commit = off",
      `INSERT INTO log_chunks (${columns}) VALUES ${rows.join(", ")}`,
      ...(options.truncated ? [`UPDATE jobs SET log_truncated = true WHERE id = ${job}`] : []),
      `SELECT pg_notify(${client.escapeLiteral(LOG_CHANNEL)}, ${client.escapeLiteral(this.notification(chunks))})`,
      "COMMIT",
    ].join(";\n");
  }

  private notification(chunks: LogChunk[]): string {
    return encodeLogNotification({ jobId: this.jobId, seq: chunks[chunks.length - 1]?.seq ?? 0 });
  }

  /** One multi-row INSERT; Buffers go out as binary parameters, with no text encoding. */
  private insert(chunks: LogChunk[]): pg.QueryConfig {
    const values: string[] = [];
    const params: unknown[] = [this.jobId];
    for (const chunk of chunks) {
      const at = params.length;
      values.push(`($1, $${at + 1}, $${at + 2}, $${at + 3})`);
      params.push(chunk.seq, chunk.stepIndex, chunk.data);
    }
    return {
      text: `INSERT INTO log_chunks (job_id, seq, step_index, data) VALUES ${values.join(", ")}`,
      values: params,
    };
  }

  /** Puts a heavy store's bytes, back to back, in one segment blob. */
  private async putSegment(chunks: LogChunk[]): Promise<Segment | undefined> {
    const first = chunks[0];
    const bytes = chunks.reduce((sum, chunk) => sum + chunk.data.length, 0);
    if (!this.segmentStore || !first || bytes < SEGMENT_MIN_BYTES) return undefined;
    const offsets: number[] = [];
    let offset = 0;
    for (const chunk of chunks) {
      offsets.push(offset);
      offset += chunk.data.length;
    }
    const key = logSegmentKey(this.jobId, first.seq);
    // Not forced to disk: a machine crash loses the job's attempt anyway (it is retried
    // with a fresh log), and the finished log is archived durably by compaction.
    await this.segmentStore.put(key, Buffer.concat(chunks.map((chunk) => chunk.data)), {
      durable: false,
    });
    return { key, offsets };
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}
