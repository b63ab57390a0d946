import type { Db } from "@cairn/db";
import { findVisibleProject } from "../access/find-visible-project.ts";
import type { Viewer } from "../access/viewer.ts";
import { ApiError } from "../errors.ts";
import { presentPipeline } from "../presenters/present-pipeline.ts";

export const PIPELINE_PAGE_SIZE = 20;

/** The cursor is the last number shown: the next page holds the pipelines numbered below it. */
export const encodePageToken = (beforeNumber: number) =>
  Buffer.from(JSON.stringify({ before: beforeNumber })).toString("base64url");

export function decodePageToken(token: string): number {
  try {
    const { before } = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (Number.isSafeInteger(before) && before > 0) return before;
  } catch {
    // falls through to the one message below
  }
  throw new ApiError("invalid_input", "page-token is not a token this API handed out.");
}

export interface ListPipelinesOptions {
  branch?: string;
  pageToken?: string;
}

/** `GET /api/v2/project/{slug}/pipeline`: newest first, 20 a page. */
export async function listProjectPipelines(
  db: Db,
  viewer: Viewer,
  slug: string,
  options: ListPipelinesOptions = {},
) {
  const project = await findVisibleProject(db, viewer, slug);
  const before = options.pageToken ? decodePageToken(options.pageToken) : undefined;
  const rows = await db.pipeline.findMany({
    where: {
      projectId: project.id,
      ...(options.branch !== undefined ? { branch: options.branch } : {}),
      ...(before !== undefined ? { number: { lt: before } } : {}),
    },
    orderBy: { number: "desc" },
    take: PIPELINE_PAGE_SIZE + 1,
  });
  const page = rows.slice(0, PIPELINE_PAGE_SIZE);
  const last = page.at(-1);
  return {
    items: page.map((pipeline) => presentPipeline(pipeline, project)),
    next_page_token: rows.length > PIPELINE_PAGE_SIZE && last ? encodePageToken(last.number) : null,
  };
}
