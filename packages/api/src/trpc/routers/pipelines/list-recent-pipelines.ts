import type { Db } from "@cairn/db";
import type { Viewer } from "../../../access/viewer.ts";
import { presentPipeline } from "../../../presenters/present-pipeline.ts";
import { visibleProjectsFilter } from "../visible-projects-filter.ts";
import { pipelineDurations } from "./pipeline-durations.ts";
import type { TRecentPipelinesInput } from "./schemas.ts";
import { summarizePipeline } from "./summarize-pipeline.ts";

/** The newest pipelines across every project the viewer may see, optionally filtered. */
export async function listRecentPipelines(
  db: Db,
  viewer: Viewer,
  { limit, projectSlug, branch, status }: TRecentPipelinesInput,
) {
  const pipelines = await db.pipeline.findMany({
    where: {
      project: {
        ...visibleProjectsFilter(viewer),
        ...(projectSlug !== undefined ? { slug: projectSlug } : {}),
      },
      ...(branch !== undefined ? { branch } : {}),
      ...(status !== undefined ? { status } : {}),
    },
    include: { project: { select: { slug: true, provider: true } } },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
  const durations = await pipelineDurations(
    db,
    pipelines.map((pipeline) => pipeline.id),
  );
  return pipelines.map((pipeline) =>
    summarizePipeline(
      presentPipeline(pipeline, pipeline.project),
      durations.get(pipeline.id) ?? null,
    ),
  );
}
