import { z } from "zod";
import { audited } from "../../../audit/record-audit.ts";
import {
  followRepository,
  ZFollowRepositorySchema,
} from "../../../repositories/follow-repository.ts";
import { listUserRepositories } from "../../../repositories/list-user-repositories.ts";
import {
  unfollowRepository,
  ZUnfollowRepositorySchema,
} from "../../../repositories/unfollow-repository.ts";
import { createTRPCRouter, protectedProcedure } from "../../trpc.ts";
import {
  ZFollowedRepositorySchema,
  ZProviderRepositoriesSchema,
  ZUnfollowedRepositorySchema,
} from "./schemas.ts";

/** The signed-in user's repositories at GitHub, GitLab and Bitbucket, and following them. */
export const repositoriesRouter = createTRPCRouter({
  list: protectedProcedure
    .input(z.object({ refresh: z.boolean().optional() }).optional())
    .output(z.array(ZProviderRepositoriesSchema))
    .query(({ ctx, input }) =>
      listUserRepositories(ctx.services, ctx.viewer, { refresh: input?.refresh ?? false }),
    ),

  follow: protectedProcedure
    .input(ZFollowRepositorySchema)
    .output(ZFollowedRepositorySchema)
    .mutation(({ ctx, input }) =>
      audited(
        ctx.services.db,
        ctx.viewer,
        {
          action: "project.follow",
          target: { type: "repository", id: input.repositoryId },
          metadata: { provider: input.provider },
        },
        async (note) => {
          const followed = await followRepository(ctx.services, ctx.viewer, input);
          note.projectId = followed.id;
          note.target = { type: "project", id: followed.id, name: followed.slug };
          return followed;
        },
      ),
    ),

  unfollow: protectedProcedure
    .input(ZUnfollowRepositorySchema)
    .output(ZUnfollowedRepositorySchema)
    .mutation(({ ctx, input }) =>
      audited(
        ctx.services.db,
        ctx.viewer,
        { action: "project.unfollow", target: { type: "project", name: input.slug } },
        () => unfollowRepository(ctx.services, ctx.viewer, input),
      ),
    ),
});
