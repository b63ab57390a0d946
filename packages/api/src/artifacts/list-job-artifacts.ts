import {
  artifactRequestPath,
  artifactsBaseDomain,
  DEFAULT_LINK_TTL_SECONDS,
  projectArtifactOrigin,
  projectHostLabel,
  signArtifactToken,
} from "@cairn/artifact-serving";
import type { Db } from "@cairn/db";
import type { Viewer } from "../access/viewer.ts";
import { findVisibleJob } from "../jobs/find-visible-job.ts";

/** How artifact links are made: the artifacts app's URL and the secret it verifies with. */
export interface ArtifactLinkSettings {
  /** CAIRN_ARTIFACTS_URL: its scheme and port are the project origins'. */
  artifactsUrl: string;
  /** Project origins are `<label>.<baseDomain>`; default `artifacts.<artifacts URL host>`. */
  baseDomain?: string;
  /** AUTH_SECRET, shared with the artifacts app. */
  secret: string;
  ttlSeconds?: number;
  now?: Date;
}

/** CircleCI's artifact item, plus the size and type Cairn knows. */
export interface JobArtifactItem {
  path: string;
  node_index: number;
  url: string;
  size: number;
  content_type: string | null;
}

/**
 * `GET /project/{slug}/{job-number}/artifacts`: every artifact of every parallel run of a
 * job the viewer may see, with a URL on the project's artifact origin. A private project's
 * URLs carry a token valid for this job only, for `ttlSeconds` (15 minutes by default); a
 * public project's are plain, since anyone may browse them.
 */
export async function listJobArtifacts(
  db: Db,
  viewer: Viewer,
  slug: string,
  jobNumber: number,
  settings: ArtifactLinkSettings,
): Promise<{ items: JobArtifactItem[]; next_page_token: null }> {
  const { project, copies } = await findVisibleJob(db, viewer, slug, jobNumber);
  const runs = new Map(copies.map((copy) => [copy.id, copy.parallelIndex]));
  const artifacts = await db.artifact.findMany({
    where: { jobId: { in: [...runs.keys()] } },
    orderBy: { path: "asc" },
  });
  const now = settings.now ?? new Date();
  const token =
    project.visibility === "public"
      ? undefined
      : signArtifactToken(
          { projectId: project.id, jobNumber },
          settings.secret,
          new Date(now.getTime() + (settings.ttlSeconds ?? DEFAULT_LINK_TTL_SECONDS) * 1000),
        );
  const origin = projectArtifactOrigin(
    settings.artifactsUrl,
    artifactsBaseDomain(settings.artifactsUrl, settings.baseDomain),
    projectHostLabel(project),
  );
  const items = artifacts
    .map((artifact) => {
      const nodeIndex = runs.get(artifact.jobId) ?? 0;
      return {
        path: artifact.path,
        node_index: nodeIndex,
        url: `${origin}${artifactRequestPath(jobNumber, nodeIndex, artifact.path, token)}`,
        size: Number(artifact.size),
        content_type: artifact.contentType,
      };
    })
    .sort((a, b) => a.node_index - b.node_index);
  return { items, next_page_token: null };
}
