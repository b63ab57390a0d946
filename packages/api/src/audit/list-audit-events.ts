import type { AuditEvent, Db, Prisma } from "@cairn/db";
import { z } from "zod";
import type { Viewer } from "../access/viewer.ts";
import { ApiError } from "../errors.ts";
import { auditScope } from "./audit-scope.ts";

/** Filters of the audit log, shared by the page, the tRPC router and the CSV export. */
export const ZAuditFilterSchema = z.object({
  /** An action or a prefix of one: `context` matches `context.create`, `context.use`… */
  action: z.string().trim().max(100).optional(),
  /** The actor's login or name, or their user id. */
  actor: z.string().trim().max(200).optional(),
  organizationSlug: z.string().trim().max(100).optional(),
  projectSlug: z.string().trim().max(300).optional(),
  success: z.boolean().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type TAuditFilter = z.infer<typeof ZAuditFilterSchema>;

export const ZListAuditEventsSchema = ZAuditFilterSchema.extend({
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type TListAuditEvents = z.input<typeof ZListAuditEventsSchema>;

export const ZAuditEventItemSchema = z.object({
  id: z.string(),
  occurredAt: z.string(),
  action: z.string(),
  success: z.boolean(),
  actor: z.object({ id: z.string().nullable(), type: z.string(), name: z.string().nullable() }),
  target: z.object({
    type: z.string().nullable(),
    id: z.string().nullable(),
    name: z.string().nullable(),
  }),
  organizationId: z.string().nullable(),
  projectId: z.string().nullable(),
  clientIp: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
});
export type TAuditEventItem = z.infer<typeof ZAuditEventItemSchema>;

export const ZAuditEventPageSchema = z.object({
  items: z.array(ZAuditEventItemSchema),
  nextCursor: z.string().nullable(),
});

/**
 * One page of the audit events the viewer may read, newest first, filtered. The cursor is
 * the last event's (time, id), so pages neither skip nor repeat while new events arrive.
 */
export async function listAuditEvents(db: Db, viewer: Viewer, input: TListAuditEvents) {
  const parsed = ZListAuditEventsSchema.safeParse(input);
  if (!parsed.success) {
    throw new ApiError("invalid_input", parsed.error.issues.map((i) => i.message).join("; "));
  }
  const { cursor, limit, ...filter } = parsed.data;
  const where: Prisma.AuditEventWhereInput = {
    AND: [await auditScope(db, viewer), await filterWhere(db, filter), afterCursor(cursor)],
  };
  const rows = await db.auditEvent.findMany({
    where,
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(presentAuditEvent),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

export function presentAuditEvent(row: AuditEvent): TAuditEventItem {
  return {
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    action: row.action,
    success: row.success,
    actor: { id: row.actorId, type: row.actorType, name: row.actorName },
    target: { type: row.targetType, id: row.targetId, name: row.targetName },
    organizationId: row.organizationId,
    projectId: row.projectId,
    clientIp: row.clientIp,
    metadata:
      row.metadata !== null && typeof row.metadata === "object" && !Array.isArray(row.metadata)
        ? (row.metadata as Record<string, unknown>)
        : {},
  };
}

async function filterWhere(db: Db, filter: TAuditFilter): Promise<Prisma.AuditEventWhereInput> {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (filter.action) and.push({ action: { startsWith: filter.action } });
  if (filter.actor) {
    and.push({
      OR: [{ actorName: { equals: filter.actor, mode: "insensitive" } }, { actorId: filter.actor }],
    });
  }
  if (filter.success !== undefined) and.push({ success: filter.success });
  if (filter.from) and.push({ occurredAt: { gte: new Date(filter.from) } });
  if (filter.to) and.push({ occurredAt: { lte: new Date(filter.to) } });
  if (filter.organizationSlug) {
    const organization = await db.organization.findUnique({
      where: { slug: filter.organizationSlug },
      select: { id: true },
    });
    // An unknown slug matches nothing rather than being ignored.
    and.push({ organizationId: organization?.id ?? "" });
  }
  if (filter.projectSlug) {
    const project = await db.project.findUnique({
      where: { slug: filter.projectSlug },
      select: { id: true },
    });
    and.push({ projectId: project?.id ?? "" });
  }
  return { AND: and };
}

function encodeCursor(row: Pick<AuditEvent, "occurredAt" | "id">): string {
  return Buffer.from(`${row.occurredAt.toISOString()}|${row.id}`).toString("base64url");
}

function afterCursor(cursor: string | undefined): Prisma.AuditEventWhereInput {
  if (!cursor) return {};
  const [time, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const at = new Date(time ?? "");
  if (!id || Number.isNaN(at.getTime())) throw new ApiError("invalid_input", "Invalid cursor");
  return {
    OR: [{ occurredAt: { lt: at } }, { occurredAt: at, id: { lt: id } }],
  };
}
