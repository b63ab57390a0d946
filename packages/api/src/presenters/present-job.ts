import type { Job, JobType, Prisma, Step } from "@cairn/db";
import { combinedJobStatus } from "./combined-job-status.ts";
import { isoTime } from "./time.ts";

const JOB_TYPES: Record<JobType, string> = { build: "build", approval: "approval", no_op: "no-op" };

/** The parallel copies of one job, lowest index first. */
export type JobCopies = readonly [Job, ...Job[]];

const earliest = (dates: (Date | null)[]) =>
  dates.reduce<Date | null>((first, d) => (d && (!first || d < first) ? d : first), null);
const latestIfAllEnded = (dates: (Date | null)[]) =>
  dates.some((d) => d === null)
    ? null
    : dates.reduce<Date | null>((last, d) => (d && (!last || d > last) ? d : last), null);

/** An item of `GET /api/v2/workflow/{id}/job` in CircleCI's shape. */
export function presentWorkflowJob(
  copies: JobCopies,
  idsByName: Map<string, string>,
  slug: string,
) {
  const [first] = copies;
  const requires = first.requires;
  const names =
    requires && typeof requires === "object" && !Array.isArray(requires)
      ? Object.keys(requires)
      : [];
  return {
    id: first.id,
    name: first.name,
    job_number: first.number,
    type: JOB_TYPES[first.type],
    status: combinedJobStatus(copies.map((copy) => copy.status)),
    project_slug: slug,
    dependencies: names.flatMap((name) => idsByName.get(name) ?? []),
    started_at: isoTime(earliest(copies.map((copy) => copy.startedAt))),
    stopped_at: isoTime(latestIfAllEnded(copies.map((copy) => copy.finishedAt))),
    ...(first.type === "approval" ? { approval_request_id: first.id } : {}),
    approved_by: first.approvedById,
  };
}

function presentSteps(steps: readonly Step[]) {
  return steps.map((step) => ({
    index: step.index,
    name: step.name,
    status: step.status,
    exit_code: step.exitCode,
    started_at: isoTime(step.startedAt),
    stopped_at: isoTime(step.finishedAt),
  }));
}

function executorOf(plan: Prisma.JsonValue) {
  const object = plan && typeof plan === "object" && !Array.isArray(plan) ? plan : {};
  const resourceClass = typeof object.resourceClass === "string" ? object.resourceClass : "medium";
  return { type: "docker", resource_class: resourceClass };
}

export interface JobDetailContext {
  slug: string;
  projectName: string;
  organizationName: string;
  pipelineId: string;
  workflow: { id: string; name: string };
  webUrl: string;
}

/**
 * `GET /api/v2/project/{slug}/job/{number}` in CircleCI's shape, plus Cairn's `steps` (of
 * parallel run 0; each run's own steps are in `parallel_runs`), `failure_reason`,
 * `waiting_reason` and `ssh` while a rerun-with-SSH window is open.
 */
export function presentJobDetail(
  copies: readonly [Job & { steps: Step[] }, ...(Job & { steps: Step[] })[]],
  context: JobDetailContext,
) {
  const [first] = copies;
  const started = earliest(copies.map((copy) => copy.startedAt));
  const stopped = latestIfAllEnded(copies.map((copy) => copy.finishedAt));
  return {
    web_url: context.webUrl,
    project: { slug: context.slug, name: context.projectName, external_url: "" },
    organization: { name: context.organizationName },
    pipeline: { id: context.pipelineId },
    latest_workflow: context.workflow,
    name: first.name,
    number: first.number,
    type: JOB_TYPES[first.type],
    status: combinedJobStatus(copies.map((copy) => copy.status)),
    parallelism: first.parallelism,
    parallel_runs: copies.map((copy) => ({
      index: copy.parallelIndex,
      status: copy.status,
      steps: presentSteps(copy.steps),
    })),
    executor: executorOf(first.plan),
    contexts: first.contexts.map((name) => ({ name })),
    messages: [],
    created_at: isoTime(first.createdAt),
    queued_at: isoTime(first.queuedAt),
    started_at: isoTime(started),
    stopped_at: isoTime(stopped),
    duration: started && stopped ? stopped.getTime() - started.getTime() : null,
    steps: presentSteps(first.steps),
    failure_reason: first.failureReason,
    waiting_reason: first.waitingReason,
    ...(first.ssh !== null ? { ssh: first.ssh } : {}),
  };
}
