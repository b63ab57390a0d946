import { z } from "zod";
import { canReadAuditLog } from "../../../audit/audit-scope.ts";
import {
  listAuditEvents,
  ZAuditEventPageSchema,
  ZListAuditEventsSchema,
} from "../../../audit/list-audit-events.ts";
import { createTRPCRouter, protectedProcedure } from "../../trpc.ts";

/**
 * The audit log: installation administrators read every event, organization owners and
 * admins their organizations' events; anyone else gets NOT_FOUND.
 */
export const auditRouter = createTRPCRouter({
  list: protectedProcedure
    .input(ZListAuditEventsSchema)
    .output(ZAuditEventPageSchema)
    .query(({ ctx, input }) => listAuditEvents(ctx.services.db, ctx.viewer, input)),

  /** Whether the viewer may open the audit log (the navigation shows the link). */
  canRead: protectedProcedure
    .output(z.boolean())
    .query(({ ctx }) => canReadAuditLog(ctx.services.db, ctx.viewer)),
});
