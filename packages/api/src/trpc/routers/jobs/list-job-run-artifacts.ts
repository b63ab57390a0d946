import type { Db } from "@cairn/db";
import type { Viewer } from "../../../access/viewer.ts";
import {
  type ArtifactLinkSettings,
  listJobArtifacts,
} from "../../../artifacts/list-job-artifacts.ts";
import { ApiError } from "../../../errors.ts";
import { findVisibleJobById } from "./find-visible-job-by-id.ts";
import type { TJobArtifacts } from "./schemas.ts";

/** The artifacts of a job run's job (every parallel run), with signed links, for its page. */
export async function listJobRunArtifacts(
  db: Db,
  viewer: Viewer,
  jobId: string,
  settings: ArtifactLinkSettings | undefined,
): Promise<TJobArtifacts> {
  const run = await findVisibleJobById(db, viewer, jobId);
  if (run.number === null) throw new ApiError("not_found", "Job not found");
  if (!settings) throw new ApiError("unavailable", "Artifact links are not configured.");
  const { items } = await listJobArtifacts(db, viewer, run.project.slug, run.number, settings);
  return {
    items: items.map((item) => ({
      path: item.path,
      nodeIndex: item.node_index,
      size: item.size,
      contentType: item.content_type,
      url: item.url,
    })),
  };
}
