import { ApiError } from "../errors.ts";
import { type TAuditFilter, ZAuditFilterSchema } from "./list-audit-events.ts";

/** Query parameter ↔ filter field (`/api/audit.csv?action=context&success=false`). */
const PARAMS = {
  action: "action",
  actor: "actor",
  organization: "organizationSlug",
  project: "projectSlug",
  from: "from",
  to: "to",
} as const;

/** The audit filter in a URL's query; a bad value is invalid_input naming the parameter. */
export function auditFilterFromQuery(params: URLSearchParams): TAuditFilter {
  const raw: Record<string, unknown> = {};
  for (const [param, field] of Object.entries(PARAMS)) {
    const value = params.get(param)?.trim();
    if (value) raw[field] = field === "from" || field === "to" ? wholeDay(value, field) : value;
  }
  const success = params.get("success");
  if (success === "true" || success === "false") raw.success = success === "true";
  else if (success) throw new ApiError("invalid_input", "success must be true or false");
  const parsed = ZAuditFilterSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? "");
    const param = Object.entries(PARAMS).find(([, name]) => name === field)?.[0] ?? field;
    throw new ApiError("invalid_input", `${param}: ${issue.message}`);
  }
  return parsed.data;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A bare date (a date input's value) covers that whole day, in UTC. */
function wholeDay(value: string, field: "from" | "to"): string {
  if (!DAY.test(value)) return value;
  return field === "from" ? `${value}T00:00:00.000Z` : `${value}T23:59:59.999Z`;
}

/** The query string of a filter (the page's Export CSV link). */
export function auditFilterToQuery(filter: TAuditFilter): string {
  const params = new URLSearchParams();
  for (const [param, field] of Object.entries(PARAMS)) {
    const value = filter[field];
    if (value) params.set(param, value);
  }
  if (filter.success !== undefined) params.set("success", String(filter.success));
  return params.toString();
}
