import type { Db } from "@cairn/db";
import type { Viewer } from "../access/viewer.ts";
import { presentJobDetail } from "../presenters/present-job.ts";
import { findVisibleJob } from "./find-visible-job.ts";

/** `GET /api/v2/project/{slug}/job/{number}`. */
export async function getProjectJob(
  db: Db,
  viewer: Viewer,
  slug: string,
  number: number,
  baseUrl: string,
) {
  const { project, copies } = await findVisibleJob(db, viewer, slug, number);
  const [first] = copies;
  return presentJobDetail(copies, {
    slug: project.slug,
    projectName: project.name,
    organizationName: project.organization.name,
    pipelineId: first.workflow.pipelineId,
    workflow: { id: first.workflow.id, name: first.workflow.name },
    webUrl: new URL(`/${project.slug}/jobs/${number}`, baseUrl).toString(),
  });
}
