// Helpers shared by this package's integration tests (not exported by the package).
import { compileConfig } from "@cairn/config";
import type { Db, Prisma } from "@cairn/db";
import { type CreatedPipeline, createPipeline } from "./create-pipeline.ts";
import { finishJob } from "./finish-job.ts";
import { type LeasedJob, leaseNextJob } from "./lease.ts";
import type { FinishStatus } from "./statuses.ts";

let unique = 0;
const nextId = () => `${Date.now().toString(36)}-${process.pid}-${++unique}`;

export async function createProject(db: Db, settings: Prisma.InputJsonValue = {}) {
  const id = nextId();
  const organization = await db.organization.create({ data: { name: id, slug: `org-${id}` } });
  return db.project.create({
    data: {
      organizationId: organization.id,
      provider: "git",
      repoUrl: `ssh://git@git.example.com/acme/${id}.git`,
      owner: "acme",
      name: id,
      slug: `git/acme/${id}`,
      settings,
    },
  });
}

/**
 * A config whose jobs are all the same small docker job. `jobs` maps a job name to its
 * extra keys (e.g. `"parallelism: 3"`); `workflow` is the YAML list under `jobs:`.
 */
export function configYaml(jobs: Record<string, string>, workflow: string[]): string {
  const definitions = Object.entries(jobs)
    .map(([name, extra]) =>
      extra === "no-op"
        ? `  ${name}: {type: no-op}`
        : `  ${name}:\n    docker: [{image: cimg/base:stable}]\n    steps: [{run: echo ${name}}]${extra ? `\n    ${extra}` : ""}`,
    )
    .join("\n");
  const entries = workflow.map((entry) => `      - ${entry}`).join("\n");
  return `version: 2.1\njobs:\n${definitions}\nworkflows:\n  main:\n    jobs:\n${entries}\n`;
}

export async function pipelineFrom(
  db: Db,
  projectId: string,
  yaml: string,
): Promise<CreatedPipeline> {
  return createPipeline(db, {
    projectId,
    trigger: { type: "webhook", actorLogin: "alice" },
    branch: "main",
    sha: "0123456789abcdef0123456789abcdef01234567",
    parameters: {},
    configSource: yaml,
    compiled: compileConfig(yaml, { branch: "main" }),
  });
}

/** Name → status of every row of a workflow ("build#1" for a parallel copy's index). */
export async function statusesOf(db: Db, workflowId: string): Promise<Record<string, string>> {
  const jobs = await db.job.findMany({ where: { workflowId } });
  return Object.fromEntries(
    jobs.map((job) => [
      job.parallelism > 1 ? `${job.name}#${job.parallelIndex}` : job.name,
      job.status,
    ]),
  );
}

/** Leases every job that is queued now (worker `workerId`), keyed like statusesOf. */
export async function leaseAll(db: Db, workerId = "w-test"): Promise<Map<string, LeasedJob>> {
  const leased = new Map<string, LeasedJob>();
  for (;;) {
    const job = await leaseNextJob(db, { workerId, leaseSeconds: 30 });
    if (!job) return leased;
    leased.set(job.parallelism > 1 ? `${job.name}#${job.parallelIndex}` : job.name, job);
  }
}

export async function finish(
  db: Db,
  job: LeasedJob | undefined,
  status: FinishStatus,
  workerId = "w-test",
) {
  if (!job) throw new Error("expected a leased job");
  const result = await finishJob(db, { jobId: job.id, workerId, attempt: job.attempt, status });
  if (!result.accepted) throw new Error(`finish refused: ${result.reason}`);
  return result;
}
