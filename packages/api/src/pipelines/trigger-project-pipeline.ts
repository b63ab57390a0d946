import { z } from "zod";
import { findVisibleProject } from "../access/find-visible-project.ts";
import type { Viewer } from "../access/viewer.ts";
import { ApiError } from "../errors.ts";
import { isoTime } from "../presenters/time.ts";
import type { Services } from "../services.ts";
import { triggerPipeline } from "./trigger-pipeline.ts";

const ZRefNameSchema = z.string().min(1).max(255);

/** CircleCI's `POST /project/{slug}/pipeline` body. */
export const ZTriggerProjectPipelineSchema = z
  .object({
    branch: ZRefNameSchema.optional(),
    tag: ZRefNameSchema.optional(),
    parameters: z
      .record(z.string().max(200), z.union([z.string().max(10_000), z.number(), z.boolean()]))
      .optional(),
  })
  .strict()
  .refine((body) => body.branch === undefined || body.tag === undefined, {
    message: "give a branch or a tag, not both",
  });

export type TTriggerProjectPipeline = z.infer<typeof ZTriggerProjectPipelineSchema>;

/**
 * `POST /api/v2/project/{slug}/pipeline`: builds a branch (the project's default branch
 * when neither is given) or a tag at its current head, as the viewer.
 */
export async function triggerProjectPipeline(
  services: Services,
  viewer: Viewer,
  slug: string,
  input: TTriggerProjectPipeline,
) {
  const project = await findVisibleProject(services.db, viewer, slug);
  const created = await triggerPipeline(services, {
    project,
    ...(input.tag !== undefined
      ? { tag: input.tag }
      : { branch: input.branch ?? project.defaultBranch }),
    parameters: input.parameters,
    trigger: {
      type: "api",
      actorId: viewer.id,
      actorLogin: viewer.login ?? viewer.name ?? "api",
    },
  });
  const pipeline = await services.db.pipeline.findUnique({ where: { id: created.pipelineId } });
  if (!pipeline)
    throw new ApiError("unavailable", "The pipeline disappeared right after it was created.");
  return {
    id: pipeline.id,
    state: pipeline.state === "setup_pending" ? "setup-pending" : pipeline.state,
    number: pipeline.number,
    created_at: isoTime(pipeline.createdAt),
  };
}
