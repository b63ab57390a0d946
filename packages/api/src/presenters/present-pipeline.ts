import type { Pipeline, PipelineState, Prisma, Project } from "@cairn/db";
import { safeRepositoryUrl } from "./present-project.ts";
import { isoTime } from "./time.ts";

const STATES: Record<PipelineState, string> = {
  created: "created",
  errored: "errored",
  setup_pending: "setup-pending",
  setup: "setup",
  pending: "pending",
};

/** Stored config errors (`{type, message, file?, line?, column?}`) as CircleCI's `errors`. */
function presentErrors(stored: Prisma.JsonValue) {
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((error) => {
    if (typeof error !== "object" || error === null || Array.isArray(error)) return [];
    const { type, message, file, line, column } = error;
    if (typeof message !== "string") return [];
    const where =
      typeof line === "number" && typeof column === "number"
        ? `${typeof file === "string" ? file : "config"}:${line}:${column}: `
        : "";
    return [{ type: typeof type === "string" ? type : "config", message: `${where}${message}` }];
  });
}

/** A pipeline in CircleCI's shape, plus Cairn's aggregate `status`. */
export function presentPipeline(pipeline: Pipeline, project: Pick<Project, "slug" | "provider">) {
  return {
    id: pipeline.id,
    errors: presentErrors(pipeline.configErrors),
    project_slug: project.slug,
    updated_at: isoTime(pipeline.updatedAt),
    number: pipeline.number,
    trigger_parameters: pipeline.parameters,
    state: STATES[pipeline.state],
    status: pipeline.status,
    created_at: isoTime(pipeline.createdAt),
    trigger: {
      type: pipeline.triggerType,
      received_at: isoTime(pipeline.triggerReceivedAt),
      actor: { login: pipeline.actorLogin, avatar_url: pipeline.actorAvatarUrl },
    },
    vcs: {
      provider_name: project.provider,
      origin_repository_url: safeRepositoryUrl(pipeline.originRepositoryUrl),
      target_repository_url: safeRepositoryUrl(pipeline.targetRepositoryUrl),
      revision: pipeline.revision,
      ...(pipeline.branch !== null ? { branch: pipeline.branch } : {}),
      ...(pipeline.tag !== null ? { tag: pipeline.tag } : {}),
      ...(pipeline.commitSubject !== null
        ? { commit: { subject: pipeline.commitSubject, body: pipeline.commitBody ?? "" } }
        : {}),
    },
  };
}
