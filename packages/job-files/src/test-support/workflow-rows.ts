import { randomUUID } from "node:crypto";
import type { Db } from "@cairn/db";
import type { JobRef } from "../context.ts";

export interface TestWorkflow {
  projectId: string;
  workflowId: string;
  /** Job name → its row, as a JobRef. */
  jobs: Record<string, JobRef>;
}

/**
 * Organization → project → pipeline → workflow → jobs rows, the minimum the file steps
 * reference. `jobs` maps a job name to the names it requires.
 */
export async function createTestWorkflow(
  db: Db,
  jobs: Record<string, string[]>,
  projectId?: string,
): Promise<TestWorkflow> {
  const suffix = randomUUID().slice(0, 8);
  const project =
    projectId ??
    (
      await db.project.create({
        data: {
          organization: { create: { name: "Acme", slug: `acme-${suffix}` } },
          provider: "git",
          repoUrl: "git@example.com:acme/app.git",
          owner: "acme",
          name: "app",
          slug: `git/acme/app-${suffix}`,
        },
      })
    ).id;
  const pipeline = await db.pipeline.create({
    data: {
      projectId: project,
      number: Math.floor(Math.random() * 1e9),
      triggerType: "api",
      actorLogin: "tester",
      revision: "0123456789abcdef",
      targetRepositoryUrl: "git@example.com:acme/app.git",
      originRepositoryUrl: "git@example.com:acme/app.git",
    },
  });
  const workflow = await db.workflow.create({ data: { pipelineId: pipeline.id, name: "build" } });
  const refs: Record<string, JobRef> = {};
  for (const [name, requires] of Object.entries(jobs)) {
    const row = await db.job.create({
      data: {
        workflowId: workflow.id,
        projectId: project,
        name,
        requires: Object.fromEntries(requires.map((required) => [required, ["success"]])),
      },
    });
    refs[name] = { id: row.id, projectId: project, workflowId: workflow.id };
  }
  return { projectId: project, workflowId: workflow.id, jobs: refs };
}
