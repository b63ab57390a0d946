import type { presentPipeline } from "../../../presenters/present-pipeline.ts";
import type { TPipelineSummary } from "./schemas.ts";

type PresentedPipeline = ReturnType<typeof presentPipeline>;

/** A pipeline as the pages list it, from the REST API's presentation of it. */
export function summarizePipeline(
  pipeline: PresentedPipeline,
  durationMs: number | null,
): TPipelineSummary {
  const { vcs } = pipeline;
  return {
    id: pipeline.id,
    number: pipeline.number,
    projectSlug: pipeline.project_slug,
    state: pipeline.state,
    status: pipeline.status,
    branch: "branch" in vcs ? (vcs.branch ?? null) : null,
    tag: "tag" in vcs ? (vcs.tag ?? null) : null,
    revision: vcs.revision,
    commitSubject: "commit" in vcs ? (vcs.commit?.subject ?? null) : null,
    trigger: { type: pipeline.trigger.type, actor: pipeline.trigger.actor.login },
    createdAt: pipeline.created_at ?? "",
    durationMs,
    errors: pipeline.errors,
  };
}
