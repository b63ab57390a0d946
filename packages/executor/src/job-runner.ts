import type { StepWhen } from "@cairn/config";
import type { StepResult } from "./sandbox/job-sandbox.ts";

/**
 * Tracks a job's outcome across its steps and decides, from a step's `when`, whether it
 * runs: on_success while nothing failed, on_fail once something failed, always regardless.
 * Nothing runs after a halt (the job ends successfully) or a cancel.
 */
export class JobProgress {
  private failedStep = false;
  private haltedJob = false;
  private cancelledJob = false;

  get failed(): boolean {
    return this.failedStep;
  }

  get halted(): boolean {
    return this.haltedJob;
  }

  get cancelled(): boolean {
    return this.cancelledJob;
  }

  /** Final status once the steps are over. */
  get status(): "success" | "failed" | "canceled" {
    if (this.cancelledJob) return "canceled";
    return this.failedStep ? "failed" : "success";
  }

  shouldRun(when: StepWhen): boolean {
    if (this.haltedJob || this.cancelledJob) return false;
    if (when === "always") return true;
    return when === "on_fail" ? this.failedStep : !this.failedStep;
  }

  /** Records a step's result (a background step counts only once it is started). */
  record(result: StepResult): void {
    if (result.cancelled) this.cancelledJob = true;
    else if (result.halted) this.haltedJob = true;
    else if (!result.background && result.exitCode !== 0) this.failedStep = true;
  }

  /** For steps the caller runs itself (checkout, caches…): true = it failed. */
  recordFailure(): void {
    this.failedStep = true;
  }
}
