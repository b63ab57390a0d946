import { hostname } from "node:os";
import type { Db } from "@cairn/db";
import { checkDocker } from "@cairn/executor";
import type Docker from "dockerode";

/**
 * A worker's life: it registers itself, proves it can reach its Docker engine and the
 * database, and heartbeats so others can tell it is alive. Job leasing and execution
 * attach to this lifecycle.
 */
export class Worker {
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly id: string,
    private readonly db: Db,
    private readonly docker: Docker,
    private readonly heartbeatSeconds: number,
  ) {}

  async start() {
    const docker = await checkDocker(this.docker);
    if (docker !== "ok") throw new Error(`Docker engine ${docker}`);
    await this.db.worker.upsert({
      where: { id: this.id },
      update: { hostname: hostname(), startedAt: new Date(), lastHeartbeatAt: new Date() },
      create: { id: this.id, hostname: hostname() },
    });
    this.heartbeat = setInterval(() => {
      this.db.worker
        .update({ where: { id: this.id }, data: { lastHeartbeatAt: new Date() } })
        .catch((error: unknown) => console.error(`heartbeat failed: ${String(error)}`));
    }, this.heartbeatSeconds * 1000);
  }

  /** "ok" when the worker can do its work, otherwise what is wrong. */
  async health() {
    const docker = await checkDocker(this.docker);
    let database = "ok";
    try {
      await this.db.$queryRaw`SELECT 1`;
    } catch (error) {
      database = `unreachable: ${error instanceof Error ? error.message.split("\n")[0] : error}`;
    }
    return { status: docker === "ok" && database === "ok" ? "ok" : "error", database, docker };
  }

  async stop() {
    clearInterval(this.heartbeat);
    await this.db.worker.delete({ where: { id: this.id } }).catch(() => undefined);
  }
}
