/**
 * The normalized plan: what the queue stores and the executor runs. Everything CircleCI
 * decides at compile time is decided here — orbs, commands and executors inlined,
 * parameters substituted, matrices expanded, `when` steps chosen, filters applied — so
 * consumers never look at config syntax again. All values are plain JSON.
 */
export interface Plan {
  /** Workflows that run for this trigger, in config order. */
  workflows: PlanWorkflow[];
  /**
   * Workflows that run on a cron schedule (legacy `triggers: [{schedule}]`). They are not in
   * `workflows` for a push; compile with `trigger: {kind: "schedule", workflow}` to get them.
   */
  schedules: PlanSchedule[];
  /** The config's `setup: true` (dynamic config): its workflows generate the real config. */
  setup: boolean;
  /** Orbs used, as resolved: alias → `ns/name@version` (inline orbs say "inline"). */
  orbs: Record<string, string>;
}

export interface PlanSchedule {
  workflow: string;
  /** Five-field cron expression, UTC. */
  cron: string;
  /** Branches the schedule runs on (`only` / `ignore`, regexes as `/…/`). */
  branches: BranchFilter;
}

export interface PlanWorkflow {
  name: string;
  /** Jobs in a topological order (every job after the jobs it requires). */
  jobs: PlanJob[];
}

/** A job status another job may wait for. `terminal` = any of the others. */
export type RequiredStatus =
  | "success"
  | "failed"
  | "canceled"
  | "unauthorized"
  | "not_run"
  | "terminal";

export interface PlanRequirement {
  /** Expanded name of the required job in the same workflow. */
  job: string;
  /** The job may start once the required one ended in any of these (default `["success"]`). */
  statuses: RequiredStatus[];
}

export type PlanJob = PlanBuildJob | PlanApprovalJob | PlanNoOpJob;

interface PlanJobBase {
  /** Unique in its workflow: the `name:` given, or the matrix-expanded name, or `jobName`. */
  name: string;
  /** The definition it instantiates (`build`, `node/test`); for approvals, the entry's key. */
  jobName: string;
  requires: PlanRequirement[];
  /** Context names whose variables the job receives, in the order given. */
  context: string[];
  /** Jobs sharing a serial group run one at a time across the project (`serial-group`). */
  serialGroup?: string;
}

/** Waits for a person to approve it in the UI; has no executor and no steps. */
export interface PlanApprovalJob extends PlanJobBase {
  type: "approval";
}

/** Succeeds at once without running anything (CircleCI `type: no-op`). */
export interface PlanNoOpJob extends PlanJobBase {
  type: "no-op";
}

export interface PlanBuildJob extends PlanJobBase {
  type: "build";
  executor: DockerExecutor;
  /** Number of copies run with CIRCLE_NODE_INDEX 0…N-1 (default 1). */
  parallelism: number;
  /** Job-level `environment` (the executor's first, the job's over it). */
  environment: Record<string, string>;
  /** Default `~/project`; exported as CIRCLE_WORKING_DIRECTORY. */
  workingDirectory: string;
  /** Default shell for run steps: `/bin/bash -eo pipefail` unless the config says otherwise. */
  shell: string;
  steps: PlanStep[];
}

export interface DockerExecutor {
  kind: "docker";
  /** First image = primary container (steps run there); the others are services. */
  images: DockerImage[];
  /** small | medium (default) | medium+ | large | xlarge | 2xlarge… as written. */
  resourceClass: string;
}

export interface DockerImage {
  image: string;
  /** Hostname on the job network. */
  name?: string;
  entrypoint?: string[];
  command?: string[];
  user?: string;
  /** Applies to this container only. */
  environment: Record<string, string>;
  auth?: { username: string; password: string };
  awsAuth?: Record<string, string>;
}

/** When a step runs relative to the outcome of the steps before it. */
export type StepWhen = "on_success" | "on_fail" | "always";

export type PlanStep =
  | RunStep
  | CheckoutStep
  | SaveCacheStep
  | RestoreCacheStep
  | StoreArtifactsStep
  | StoreTestResultsStep
  | PersistToWorkspaceStep
  | AttachWorkspaceStep
  | AddSshKeysStep
  | SetupRemoteDockerStep;

interface StepBase {
  /** Display name: the config's `name`, else CircleCI's default for the kind. */
  name: string;
  when: StepWhen;
}

export interface RunStep extends StepBase {
  kind: "run";
  command: string;
  /** The shell for this step (its own `shell`, else the job's). */
  shell: string;
  environment: Record<string, string>;
  background: boolean;
  /** Absent = the job's working directory. */
  workingDirectory?: string;
  /** Milliseconds without output before the step is killed (default 10 minutes). */
  noOutputTimeoutMs: number;
  /** Automatic reruns of a failed step (0 = none) and the delay between them in ms. */
  maxAutoReruns: number;
  autoRerunDelayMs: number;
}

export interface CheckoutStep extends StepBase {
  kind: "checkout";
  /** Absent = the working directory. */
  path?: string;
  /** `full` (default) or `blobless`. */
  method: string;
}

export interface SaveCacheStep extends StepBase {
  kind: "save_cache";
  /** Template (`{{ .Branch }}`, `{{ checksum "f" }}`, …), rendered at run time. */
  key: string;
  paths: string[];
}

export interface RestoreCacheStep extends StepBase {
  kind: "restore_cache";
  /** Key templates tried in order; each is a prefix, the newest match wins. */
  keys: string[];
}

export interface StoreArtifactsStep extends StepBase {
  kind: "store_artifacts";
  path: string;
  destination?: string;
}

export interface StoreTestResultsStep extends StepBase {
  kind: "store_test_results";
  path: string;
}

export interface PersistToWorkspaceStep extends StepBase {
  kind: "persist_to_workspace";
  root: string;
  paths: string[];
}

export interface AttachWorkspaceStep extends StepBase {
  kind: "attach_workspace";
  at: string;
}

export interface AddSshKeysStep extends StepBase {
  kind: "add_ssh_keys";
  /** Empty = every key configured for the project. */
  fingerprints: string[];
}

/** Kept in the plan so the executor can refuse it with a clear message (or support it). */
export interface SetupRemoteDockerStep extends StepBase {
  kind: "setup_remote_docker";
  version?: string;
  dockerLayerCaching: boolean;
}

/** `branches` / `tags` filter: `only` is checked first, then `ignore`. */
export interface BranchFilter {
  only?: string[];
  ignore?: string[];
}
