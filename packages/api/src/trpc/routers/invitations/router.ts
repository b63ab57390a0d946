import { InvitationError, inviteUser, listPendingInvitations } from "@cairn/auth";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { actorOf, recordAudit } from "../../../audit/record-audit.ts";
import { createTRPCRouter, protectedProcedure } from "../../trpc.ts";

export const ZInviteUserSchema = z.object({
  email: z.email().max(254),
  name: z.string().trim().max(100).optional(),
});

/** Installation administrators only; anyone else learns nothing (NOT_FOUND, as for a page that is not there). */
const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!ctx.viewer.isAdmin) throw new TRPCError({ code: "NOT_FOUND", message: "Not found" });
  return next();
});

export const invitationsRouter = createTRPCRouter({
  /** Invites a user: the answer's one-time link is shown once, never stored readable. */
  create: adminProcedure
    .input(ZInviteUserSchema)
    .output(
      z.object({
        userId: z.string(),
        email: z.string(),
        link: z.string(),
        existingUser: z.boolean(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const invitation = await inviteUser(ctx.services.db, input, ctx.services.baseUrl).catch(
        (error: unknown) => {
          if (error instanceof InvitationError) {
            throw new TRPCError({ code: "CONFLICT", message: error.message });
          }
          throw error;
        },
      );
      await recordAudit(ctx.services.db, {
        action: "user.invite",
        actor: actorOf(ctx.viewer),
        target: { type: "user", id: invitation.userId, name: invitation.email },
        success: true,
        clientIp: ctx.viewer.clientIp ?? null,
      });
      return invitation;
    }),

  listPending: adminProcedure
    .output(
      z.array(
        z.object({
          id: z.string(),
          email: z.string().nullable(),
          name: z.string().nullable(),
          expiresAt: z.string().nullable(),
        }),
      ),
    )
    .query(async ({ ctx }) =>
      (await listPendingInvitations(ctx.services.db)).map((user) => ({
        id: user.id,
        email: user.email,
        name: user.name,
        expiresAt: user.loginTokens[0]?.expiresAt.toISOString() ?? null,
      })),
    ),
});
