import { reapOrphans } from "@cairn/executor";
import {
  expireLeases,
  finishJob,
  type LeasedJob,
  leaseNextJob,
  QueueListener,
  renewLease,
} from "@cairn/queue";
import { type RunnerDependencies, runJob } from "./run-job.ts";

export interface WorkerLoopOptions {
  databaseUrl: string;
  /** Jobs this worker runs at once. */
  capacity: number;
  /** A lease lasts this long unless renewed; renewed every third of it. */
  leaseSeconds: number;
  /** A job whose worker died is retried up to this many attempts in all. */
  maxAttempts: number;
  /** How often leases are checked for expiry and dead workers' containers reaped. */
  maintenanceSeconds?: number;
  /** A poll in case a notification was missed (they are the normal wake-up). */
  pollSeconds?: number;
  log?: (line: string) => void;
}

/**
 * A worker's job loop: woken by NOTIFY when a job is queued, it leases up to `capacity`
 * jobs, runs each with a heartbeat that renews its lease, stops a job when it is canceled
 * or its lease is lost, and reports the result. Periodically it requeues jobs of dead
 * workers and removes their containers.
 */
export class WorkerLoop {
  private readonly running = new Map<string, AbortController>();
  private listener: QueueListener | undefined;
  private timers: NodeJS.Timeout[] = [];
  private stopping = false;
  private filling = false;

  constructor(
    private readonly deps: RunnerDependencies,
    private readonly options: WorkerLoopOptions,
  ) {}

  get runningJobIds(): string[] {
    return [...this.running.keys()];
  }

  async start(): Promise<void> {
    const listener = await QueueListener.connect(this.options.databaseUrl, {
      onError: (error) => this.log(`queue listener: ${error.message}`),
    });
    this.listener = listener;
    listener.onQueued(() => void this.fill());
    listener.onReconnected(() => void this.fill());
    listener.onCanceled((jobId) => this.running.get(jobId)?.abort());
    this.timers.push(
      setInterval(() => void this.maintain(), (this.options.maintenanceSeconds ?? 10) * 1000),
      setInterval(() => void this.fill(), (this.options.pollSeconds ?? 5) * 1000),
    );
    await this.maintain();
    await this.fill();
  }

  /** Stops leasing; running jobs are stopped and their containers removed. Their leases
   * run out and another worker retries them. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    for (const controller of this.running.values()) controller.abort();
    while (this.running.size > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    await this.listener?.close();
  }

  private async fill(): Promise<void> {
    if (this.filling || this.stopping) return;
    this.filling = true;
    try {
      while (!this.stopping && this.running.size < this.options.capacity) {
        const job = await leaseNextJob(this.deps.db, {
          workerId: this.deps.workerId,
          leaseSeconds: this.options.leaseSeconds,
          capacity: this.options.capacity,
        });
        if (!job) break;
        void this.run(job);
      }
    } catch (error) {
      this.log(`leasing failed: ${error instanceof Error ? error.message : error}`);
    } finally {
      this.filling = false;
    }
  }

  private async run(job: LeasedJob): Promise<void> {
    const controller = new AbortController();
    this.running.set(job.id, controller);
    const heartbeat = setInterval(
      () => void this.renew(job, controller),
      (this.options.leaseSeconds * 1000) / 3,
    );
    this.log(`job ${job.name} (${job.id}) attempt ${job.attempt}: started`);
    try {
      const outcome = await runJob(this.deps, job, controller.signal);
      if (this.stopping) return; // the lease runs out; another worker retries it
      const finished = await finishJob(this.deps.db, {
        jobId: job.id,
        workerId: this.deps.workerId,
        attempt: job.attempt,
        status: outcome.status,
        failureReason: outcome.failureReason,
      });
      this.log(
        `job ${job.name} (${job.id}): ${outcome.status}${finished.accepted ? "" : ` (not recorded: ${finished.reason})`}`,
      );
    } catch (error) {
      this.log(`job ${job.id} broke the worker: ${error instanceof Error ? error.stack : error}`);
    } finally {
      clearInterval(heartbeat);
      this.running.delete(job.id);
      void this.fill();
    }
  }

  private async renew(job: LeasedJob, controller: AbortController) {
    try {
      const held = await renewLease(
        this.deps.db,
        job.id,
        this.deps.workerId,
        job.attempt,
        this.options.leaseSeconds,
      );
      if (!held) controller.abort(); // canceled, or the lease went to another attempt
    } catch (error) {
      this.log(
        `heartbeat of job ${job.id} failed: ${error instanceof Error ? error.message : error}`,
      );
    }
  }

  private async maintain(): Promise<void> {
    try {
      const expired = await expireLeases(this.deps.db, { maxAttempts: this.options.maxAttempts });
      for (const { jobId, attempt } of expired.requeued) {
        this.log(`job ${jobId}: its worker stopped answering; retrying as attempt ${attempt}`);
      }
      const dead = await this.deadWorkers();
      await reapOrphans(this.deps.docker, { isAlive: (workerId) => !dead.has(workerId) });
    } catch (error) {
      this.log(`maintenance failed: ${error instanceof Error ? error.message : error}`);
    }
  }

  /**
   * Workers of this installation whose heartbeat is older than three lease periods. Only
   * they are reaped: objects of workers the database does not know belong to someone else
   * sharing the Docker engine (another installation, another test database).
   */
  private async deadWorkers(): Promise<Set<string>> {
    const since = new Date(Date.now() - this.options.leaseSeconds * 3000);
    const workers = await this.deps.db.worker.findMany({
      where: { lastHeartbeatAt: { lt: since }, id: { not: this.deps.workerId } },
      select: { id: true },
    });
    return new Set(workers.map((worker) => worker.id));
  }

  private log(line: string) {
    this.options.log?.(line);
  }
}
