import { type Db, Prisma } from "@cairn/db";
import { encodeLogNotification, LOG_CHANNEL, type LogChunk } from "./log-chunk.ts";
import type { LogChunkSink } from "./log-sink.ts";

/** Stores a job's chunks in `log_chunks` and NOTIFYs `cairn_log` in the same transaction. */
export class PostgresLogSink implements LogChunkSink {
  constructor(
    private readonly db: Db,
    private readonly jobId: string,
  ) {}

  async lastSeq(): Promise<number> {
    const rows = await this.db.$queryRaw<{ seq: number | null }[]>`
      SELECT max(seq) AS seq FROM log_chunks WHERE job_id = ${this.jobId}`;
    return rows[0]?.seq ?? 0;
  }

  async append(chunks: LogChunk[], options: { truncated: boolean }): Promise<void> {
    const last = chunks[chunks.length - 1];
    if (!last) return;
    const rows = chunks.map(
      (chunk) => Prisma.sql`(${this.jobId}, ${chunk.seq}, ${chunk.stepIndex}, ${chunk.data})`,
    );
    const payload = encodeLogNotification({ jobId: this.jobId, seq: last.seq });
    await this.db.$transaction([
      this.db.$executeRaw`
        INSERT INTO log_chunks (job_id, seq, step_index, data) VALUES ${Prisma.join(rows)}`,
      ...(options.truncated
        ? [this.db.$executeRaw`UPDATE jobs SET log_truncated = true WHERE id = ${this.jobId}`]
        : []),
      // Delivered at commit, so a listener never hears of rows it cannot read yet.
      this.db.$executeRaw`SELECT pg_notify(${LOG_CHANNEL}, ${payload})`,
    ]);
  }
}
