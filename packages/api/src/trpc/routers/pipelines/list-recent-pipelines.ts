import type { Db } from "@cairn/db";
import type { Viewer } from "../../../access/viewer.ts";
import { presentPipeline } from "../../../presenters/present-pipeline.ts";
import { visibleProjectsFilter } from "../visible-projects-filter.ts";
import { pipelineDurations } from "./pipeline-durations.ts";
import { summarizePipeline } from "./summarize-pipeline.ts";

/** The newest pipelines across every project the viewer may see. */
export async function listRecentPipelines(db: Db, viewer: Viewer, limit: number) {
  const pipelines = await db.pipeline.findMany({
    where: { project: visibleProjectsFilter(viewer) },
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
