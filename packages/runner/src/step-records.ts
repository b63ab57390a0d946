import type { Db, StepStatus } from "@cairn/db";

/**
 * The Step rows of a job, kept in step with its run: index 0 is "Spin up environment",
 * then one row per plan step, so `?step=N` and log chunks' step index agree.
 */
export class StepRecords {
  constructor(
    private readonly db: Db,
    private readonly jobId: string,
  ) {}

  /** Creates every row up front (pending), so a viewer sees the whole job at once. */
  async createAll(names: string[]) {
    await this.db.step.deleteMany({ where: { jobId: this.jobId } });
    await this.db.step.createMany({
      data: names.map((name, index) => ({ jobId: this.jobId, index, name })),
    });
  }

  async start(index: number) {
    await this.update(index, { status: "running", startedAt: new Date() });
  }

  async finish(index: number, status: StepStatus, exitCode?: number | null) {
    await this.update(index, { status, exitCode: exitCode ?? null, finishedAt: new Date() });
  }

  /** Steps that never ran (skipped by `when`, or after a halt or cancel). */
  async markNotRun(fromIndex: number) {
    await this.db.step.updateMany({
      where: { jobId: this.jobId, index: { gte: fromIndex }, status: "pending" },
      data: { status: "not_run" },
    });
  }

  private async update(index: number, data: Parameters<Db["step"]["updateMany"]>[0]["data"]) {
    await this.db.step.updateMany({ where: { jobId: this.jobId, index }, data });
  }
}
