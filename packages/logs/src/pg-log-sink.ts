import type pg from "pg";
import { encodeLogNotification, LOG_CHANNEL, type LogChunk } from "./log-chunk.ts";
import type { LogChunkSink } from "./log-sink.ts";

// Rows per INSERT: 3 parameters each stay well under PostgreSQL's 65,535 per statement.
const ROWS_PER_INSERT = 1000;

/**
 * Stores a job's chunks in `log_chunks` through a plain `pg` pool, NOTIFYing `cairn_log`
 * in the same transaction. Bulk output is the one write Prisma is too slow for (several
 * times slower per megabyte, and its work blocks the event loop that reads the step's
 * output), so log writes bypass it; everything else keeps using the Prisma client.
 */
export class PgLogSink implements LogChunkSink {
  constructor(
    private readonly pool: pg.Pool,
    private readonly jobId: string,
    /** Ended by `close()` when the sink made it for itself. */
    private readonly ownsPool = false,
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
    const client = await this.pool.connect();
    try {
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
      const payload = encodeLogNotification({ jobId: this.jobId, seq: last.seq });
      await client.query("SELECT pg_notify($1, $2)", [LOG_CHANNEL, payload]);
      await client.query("COMMIT");
      client.release();
    } catch (error) {
      // The connection's state is unknown (mid-transaction, or broken): never reuse it.
      client.release(error instanceof Error ? error : true);
      throw error;
    }
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

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}
