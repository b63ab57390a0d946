import type { Db } from "@cairn/db";
import { stringify } from "csv-stringify/sync";
import type { Viewer } from "../access/viewer.ts";
import { listAuditEvents, type TAuditEventItem, type TAuditFilter } from "./list-audit-events.ts";

/** The most rows one export holds; narrow the filters (dates) for more. */
export const AUDIT_CSV_MAX_ROWS = 10_000;

const COLUMNS = [
  "occurred_at",
  "action",
  "success",
  "actor_type",
  "actor_id",
  "actor_name",
  "target_type",
  "target_id",
  "target_name",
  "organization_id",
  "project_id",
  "client_ip",
  "metadata",
] as const;

/**
 * The audit events the viewer may read, filtered, as CSV (header row first, newest first).
 * Cells that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab, CR) are
 * prefixed with `'`, so an actor or target name cannot run anything when the file is opened.
 */
export async function auditEventsCsv(
  db: Db,
  viewer: Viewer,
  filter: TAuditFilter,
): Promise<{ csv: string; truncated: boolean }> {
  const rows: TAuditEventItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await listAuditEvents(db, viewer, { ...filter, cursor, limit: 200 });
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length < AUDIT_CSV_MAX_ROWS);
  const kept = rows.slice(0, AUDIT_CSV_MAX_ROWS);
  const csv = stringify(
    kept.map((event) => [
      event.occurredAt,
      event.action,
      event.success ? "true" : "false",
      event.actor.type,
      event.actor.id ?? "",
      event.actor.name ?? "",
      event.target.type ?? "",
      event.target.id ?? "",
      event.target.name ?? "",
      event.organizationId ?? "",
      event.projectId ?? "",
      event.clientIp ?? "",
      JSON.stringify(event.metadata),
    ]),
    { header: true, columns: [...COLUMNS], escape_formulas: true },
  );
  return { csv, truncated: cursor !== undefined };
}
