export { AUDIT_CSV_MAX_ROWS, auditEventsCsv } from "./audit-csv.ts";
export { auditFilterFromQuery, auditFilterToQuery } from "./audit-filter-query.ts";
export { auditScope, canReadAuditLog } from "./audit-scope.ts";
export {
  listAuditEvents,
  type TAuditEventItem,
  type TAuditFilter,
  type TListAuditEvents,
  ZAuditEventItemSchema,
  ZAuditEventPageSchema,
  ZAuditFilterSchema,
  ZListAuditEventsSchema,
} from "./list-audit-events.ts";
export {
  type AuditActor,
  type AuditEventInput,
  type AuditNote,
  actorOf,
  audited,
  describeProject,
  projectNote,
  recordAudit,
} from "./record-audit.ts";
