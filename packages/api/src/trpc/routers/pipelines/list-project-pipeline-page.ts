import type { Db } from "@cairn/db";
import type { Viewer } from "../../../access/viewer.ts";
import { listProjectPipelines } from "../../../pipelines/list-project-pipelines.ts";
import { pipelineDurations } from "./pipeline-durations.ts";
import { summarizePipeline } from "./summarize-pipeline.ts";

/** One page of a project's pipelines, newest first; `cursor` is the previous page's nextCursor. */
export async function listProjectPipelinePage(
  db: Db,
  viewer: Viewer,
  slug: string,
  cursor: string | undefined,
) {
  const page = await listProjectPipelines(db, viewer, slug, cursor ? { pageToken: cursor } : {});
  const durations = await pipelineDurations(
    db,
    page.items.map((pipeline) => pipeline.id),
  );
  return {
    items: page.items.map((pipeline) =>
      summarizePipeline(pipeline, durations.get(pipeline.id) ?? null),
    ),
    nextCursor: page.next_page_token,
  };
}
