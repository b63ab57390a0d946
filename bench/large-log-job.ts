// A finished job with a large log, written the way the worker writes it: what the job
// page benchmarks open.
import type { Db } from "@cairn/db";
import { createLogWriter } from "@cairn/logs";
import type { BlobStore } from "@cairn/storage";

export interface LargeLogJob {
  jobId: string;
  projectId: string;
  organizationId: string;
  lines: number;
  bytes: number;
}

/** Numbered lines, some with ANSI colours, as a build prints them. */
function outputLines(from: number, count: number): string {
  const lines: string[] = [];
  for (let number = from; number < from + count; number++) {
    lines.push(
      number % 7 === 0
        ? `\x1b[32m✓\x1b[0m test ${number} passed in ${number % 97} ms — ${"x".repeat(40)}\n`
        : `[${String(number).padStart(8)}] compiling module_${number % 1000}.ts ${"y".repeat(50)}\n`,
    );
  }
  return lines.join("");
}

/**
 * An organization, project, pipeline, workflow and finished job with three steps and
 * `logBytes` of output, stored through `createLogWriter` (its `pg` pool and blob store).
 * `name` makes the organization and project unique.
 */
export async function createLargeLogJob(
  db: Db,
  options: { databaseUrl: string; store: BlobStore; logBytes: number; name: string },
): Promise<LargeLogJob> {
  const { name } = options;
  const organization = await db.organization.create({ data: { name, slug: name } });
  const repoUrl = `https://example.test/${name}.git`;
  const project = await db.project.create({
    data: {
      organizationId: organization.id,
      provider: "git",
      repoUrl,
      owner: name,
      name,
      slug: `git/${name}/${name}`,
    },
  });
  const pipeline = await db.pipeline.create({
    data: {
      projectId: project.id,
      number: 1,
      triggerType: "api",
      actorLogin: "bench",
      revision: "0123456789abcdef0123456789abcdef01234567",
      targetRepositoryUrl: repoUrl,
      originRepositoryUrl: repoUrl,
    },
  });
  const workflow = await db.workflow.create({ data: { pipelineId: pipeline.id, name: "bench" } });
  const job = await db.job.create({
    data: {
      workflowId: workflow.id,
      projectId: project.id,
      name: "bench",
      number: 1,
      status: "running",
      startedAt: new Date(),
    },
  });
  await db.step.createMany({
    data: [0, 1, 2].map((index) => ({
      jobId: job.id,
      index,
      name: `Step ${index}`,
      status: "success" as const,
    })),
  });

  const writer = createLogWriter(db, job.id, {
    databaseUrl: options.databaseUrl,
    store: options.store,
    maxBytes: options.logBytes * 2,
  });
  let bytes = 0;
  let lines = 0;
  while (bytes < options.logBytes) {
    const data = Buffer.from(outputLines(lines + 1, 1000));
    const step = Math.min(2, Math.floor((bytes / options.logBytes) * 3));
    if (!writer.write(step, data)) await writer.drained();
    bytes += data.length;
    lines += 1000;
  }
  await writer.close();
  await db.job.update({
    where: { id: job.id },
    data: { status: "success", finishedAt: new Date() },
  });
  return { jobId: job.id, projectId: project.id, organizationId: organization.id, lines, bytes };
}
