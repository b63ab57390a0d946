/**
 * @cairn/queue — pipelines, workflows and jobs in PostgreSQL: the job DAG, leasing,
 * heartbeats, lease expiry, cancel, rerun and LISTEN/NOTIFY wake-ups.
 */
export { approveJob } from "./approve-job.ts";
export { type CancelOptions, type CancelResult, cancelJob, cancelWorkflow } from "./cancel.ts";
export { CHANNELS } from "./channels.ts";
export {
  type ContextAccess,
  type ContextUser,
  checkContextAccess,
} from "./context-access.ts";
export {
  type CreatedPipeline,
  type CreatePipelineInput,
  createPipeline,
} from "./create-pipeline.ts";
export { type DagJob, type RequiresMap, releaseBlockedJobs } from "./dag.ts";
export { QueueError, type QueueErrorCode } from "./errors.ts";
export { type ExpiredLeases, type ExpireLeasesOptions, expireLeases } from "./expire-leases.ts";
export { type FinishJobInput, type FinishJobResult, finishJob } from "./finish-job.ts";
export { type LeasedJob, type LeaseOptions, leaseNextJob, renewLease } from "./lease.ts";
export { type QueueEvents, QueueListener, type QueueListenerOptions } from "./listener.ts";
export { PROJECT_LIMIT_SETTING, projectJobLimit } from "./project-limit.ts";
export { type RerunOptions, type RerunResult, rerunWorkflow } from "./rerun-workflow.ts";
export { pipelineStatusOf, workflowStatusOf } from "./rollup.ts";
export {
  canTransition,
  FINISH_STATUSES,
  type FinishStatus,
  JOB_TRANSITIONS,
  TERMINAL_JOB_STATUSES,
} from "./statuses.ts";
